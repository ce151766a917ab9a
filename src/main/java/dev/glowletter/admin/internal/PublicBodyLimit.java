package dev.glowletter.admin.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Whatever anyone may send without logging in (a sign-up, an unsubscribe, the login form)
 * is a few hundred bytes: a body over {@link #MAX_BYTES} is refused before it is read
 * into memory, whether its length is declared or not. A declared length is checked at
 * once; a body of unknown length (chunked) is counted as it is read, and the request
 * answered 413 when it runs over. Tomcat parses form bodies itself, past any counting: a
 * form of unknown length must declare it (411), as browsers always do. Pages and API
 * calls behind the admin login read their bodies only once the admin is known, and keep
 * their own limits (the CSV import, the multipart settings).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class PublicBodyLimit extends OncePerRequestFilter {

	static final int MAX_BYTES = 16 * 1024;

	/**
	 * A provider's webhook call (a batch of bounce events, an SNS notification) may be
	 * larger; its signature is checked once it is read, and it is refused past this.
	 */
	static final int WEBHOOK_MAX_BYTES = 1024 * 1024;

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return behindLogin(request.getRequestURI().substring(request.getContextPath().length()));
	}

	/**
	 * Paths whose bodies are read only after the admin login (the login form and the
	 * sign-up API are open). A path written in any unusual way (dots, encodings,
	 * parameters) is limited all the same.
	 */
	static boolean behindLogin(String path) {
		if (oddlyWritten(path)) {
			return false;
		}
		return (path.startsWith("/admin/") && !path.equals("/admin/login")) || path.startsWith("/dev/")
				|| (path.startsWith("/api/") && !path.equals("/api/subscriptions"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		int limit = limitOf(request.getRequestURI().substring(request.getContextPath().length()));
		long declared = request.getContentLengthLong();
		if (declared > limit) {
			tooLarge(response, limit);
			return;
		}
		if (declared >= 0 || request.getHeader("Transfer-Encoding") == null) {
			chain.doFilter(request, response);
			return;
		}
		if (isForm(request)) {
			ProblemResponses.write(response, HttpStatus.LENGTH_REQUIRED, "Length required",
					"Send the form with a Content-Length header; it may be at most " + limit / 1024 + " KB.");
			return;
		}
		Counted counted = new Counted(request, limit);
		// held back until the body is known to fit: what a handler made of a cut-off body
		// (a 400, most likely) is replaced
		ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
		chain.doFilter(counted, held);
		if (counted.exceeded) {
			held.resetBuffer();
			response.reset();
			tooLarge(response, limit);
		}
		else {
			held.copyBodyToResponse();
		}
	}

	private static boolean isForm(HttpServletRequest request) {
		String type = request.getContentType();
		if (type == null) {
			return false;
		}
		try {
			MediaType media = MediaType.parseMediaType(type);
			return media.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED)
					|| media.isCompatibleWith(MediaType.MULTIPART_FORM_DATA);
		}
		catch (RuntimeException unparsable) {
			return true;
		}
	}

	/** The most a body to that path may hold. */
	static int limitOf(String path) {
		return path.startsWith("/webhooks/") && !oddlyWritten(path) ? WEBHOOK_MAX_BYTES : MAX_BYTES;
	}

	private static boolean oddlyWritten(String path) {
		return path.contains("..") || path.contains("%") || path.contains(";") || path.contains("//")
				|| path.contains("\\");
	}

	private static void tooLarge(HttpServletResponse response, int limit) throws IOException {
		ProblemResponses.write(response, HttpStatus.CONTENT_TOO_LARGE, "Request too large",
				limit == MAX_BYTES
						? "Without an admin login a request body may be at most " + MAX_BYTES / 1024
								+ " KB: a sign-up is an e-mail address, a first name and the consent."
						: "A webhook call may be at most " + limit / 1024 + " KB.");
	}

	/**
	 * Refuses to read past the limit: the reader gets an exception, the filter answers
	 * 413.
	 */
	private static final class Counted extends HttpServletRequestWrapper {

		private final int limit;

		private boolean exceeded;

		private ServletInputStream stream;

		private BufferedReader reader;

		Counted(HttpServletRequest request, int limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (stream == null) {
				stream = new Limited(super.getInputStream());
			}
			return stream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			if (reader == null) {
				String encoding = getCharacterEncoding();
				Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
				reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
			}
			return reader;
		}

		private final class Limited extends ServletInputStream {

			private final ServletInputStream in;

			private long read;

			Limited(ServletInputStream in) {
				this.in = in;
			}

			@Override
			public int read() throws IOException {
				int b = in.read();
				if (b >= 0) {
					count(1);
				}
				return b;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				int n = in.read(buffer, offset, length);
				if (n > 0) {
					count(n);
				}
				return n;
			}

			private void count(int n) throws IOException {
				read += n;
				if (read > limit) {
					exceeded = true;
					throw new IOException("Request body over " + limit + " bytes");
				}
			}

			@Override
			public boolean isFinished() {
				return in.isFinished();
			}

			@Override
			public boolean isReady() {
				return in.isReady();
			}

			@Override
			public void setReadListener(ReadListener listener) {
				in.setReadListener(listener);
			}

		}

	}

}
