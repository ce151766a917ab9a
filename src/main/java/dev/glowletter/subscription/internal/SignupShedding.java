package dev.glowletter.subscription.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.glowletter.GlowletterProperties;
import freemarker.template.TemplateException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.view.freemarker.FreeMarkerConfigurer;

/**
 * A flood's sign-ups beyond what the {@link SignupGate} can still serve are answered
 * here, in front of everything else (security, the body's parsing): {@code 503} with
 * {@code Retry-After}, after the wait a sign-up would have had, and without a thread
 * while they wait. So the request threads stay free for the admin and the sign-ups that
 * get a turn, a flood's senders (each waiting for its answer before it sends again) send
 * no faster than that wait allows, and each costs little beside a campaign being sent.
 */
@Component
class SignupShedding extends OncePerRequestFilter implements Ordered, DisposableBean {

	private static final byte[] PROBLEM = ("{\"type\":\"about:blank\",\"title\":\"Busy\",\"status\":503,\"detail\":\""
			+ Signups.Busy.MESSAGE + "\"}")
		.getBytes(StandardCharsets.UTF_8);

	private final SignupGate gate;

	private final FreeMarkerConfigurer freemarker;

	private final GlowletterProperties properties;

	private final MessageSource messages;

	private final ScheduledExecutorService answers = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "signup-shedding");
		thread.setDaemon(true);
		return thread;
	});

	private volatile byte[] page;

	SignupShedding(SignupGate gate, FreeMarkerConfigurer freemarker, GlowletterProperties properties,
			MessageSource messages) {
		this.gate = gate;
		this.messages = messages;
		this.freemarker = freemarker;
		this.properties = properties;
	}

	@Override
	public int getOrder() {
		// right after the trusted proxies' filter, before security
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		return !"POST".equals(request.getMethod())
				|| !(path.equals("/api/subscriptions") || path.equals("/subscribe") || path.equals("/subscribe/embed"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long wait = gate.shedWaitNanos();
		if (wait < 0) {
			chain.doFilter(request, response);
			return;
		}
		boolean api = request.getRequestURI().startsWith("/api/");
		byte[] body = api ? PROBLEM : page();
		AsyncContext async = request.startAsync(request, response);
		async.setTimeout(0);
		answers.schedule(() -> answer(async, api, body), wait, TimeUnit.NANOSECONDS);
	}

	private static void answer(AsyncContext async, boolean api, byte[] body) {
		try {
			HttpServletResponse response = (HttpServletResponse) async.getResponse();
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(Signups.Busy.RETRY_AFTER_SECONDS));
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			response.setContentType(api ? MediaType.APPLICATION_PROBLEM_JSON_VALUE : "text/html;charset=UTF-8");
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
		}
		catch (IOException | IllegalStateException gone) {
			// the client left meanwhile
		}
		finally {
			async.complete();
		}
	}

	/**
	 * The "please wait a little" page the form's other 503 shows, made once, in the
	 * list's language.
	 */
	byte[] page() throws IOException {
		byte[] made = page;
		if (made == null) {
			Locale locale = properties.list().locale();
			try {
				StringWriter html = new StringWriter();
				freemarker.getConfiguration()
					.getTemplate("subscription/too-many.ftlh")
					.process(Map.of("list", properties.list(), "message",
							messages.getMessage(Signups.Busy.TEXT, null, locale), "springMacroRequestContext",
							new ListTexts(messages, locale)), html);
				made = html.toString().getBytes(StandardCharsets.UTF_8);
				page = made;
			}
			catch (TemplateException ex) {
				throw new IOException("Could not render the busy page", ex);
			}
		}
		return made;
	}

	@Override
	public void destroy() {
		answers.shutdownNow();
	}

}
