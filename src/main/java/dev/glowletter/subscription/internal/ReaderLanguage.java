package dev.glowletter.subscription.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.glowletter.GlowletterProperties;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The reader's pages speak the list's language ({@code glowletter.list.locale}), whatever
 * the browser asks for: one list, one language. The admin pages (and their error pages)
 * stay English. The form's problems are made in English by the checks the JSON API shares
 * (its problem details stay English); {@link #translate} puts the known ones in the
 * list's language for a page.
 */
@Configuration(proxyBeanMethods = false)
class ReaderLanguage implements WebMvcConfigurer {

	private final MessageSource messages;

	private final Locale locale;

	ReaderLanguage(MessageSource messages, GlowletterProperties properties) {
		this.messages = messages;
		this.locale = properties.list().locale();
	}

	/** English problem → its key; a group of the pattern is the message's value. */
	private static final Map<Pattern, String> PROBLEMS = new LinkedHashMap<>();

	static {
		problem("Please enter your e-mail address.", "error.email.missing");
		problem("That e-mail address is too long (at most 254 characters).", "error.email.tooLong");
		problem("Please enter an e-mail address such as name@example.com.", "error.email.shape");
		problem("Please enter an e-mail address such as name@example.com, without spaces, quotes or angle brackets.",
				"error.email.characters");
		problem("The part after the @ is not a valid domain name.", "error.email.domain");
		problem("The part after the @ needs a dot, as in example.com.", "error.email.domainDot");
		problem("Please tick the box to agree to receive the newsletter.", "error.consent");
		PROBLEMS.put(Pattern.compile("Please keep your first name under (\\d+) characters\\."),
				"error.firstName.tooLong");
		problem("Your first name cannot contain line breaks or angle brackets.", "error.firstName.characters");
		problem("Please choose at most 50 topics.", "error.topics.tooMany");
		PROBLEMS.put(Pattern.compile("These topics do not exist: (.*)\\."), "error.topics.unknown");
		PROBLEMS.put(Pattern.compile("(.+) is required\\."), "error.field.required");
		problem("Please choose how often you want the newsletter.", "error.frequency");
		problem("Please choose your time zone from the list.", "error.timeZone");
		problem("A pause is for 30 or 90 days.", "error.pause");
		problem("That is the address we write to already.", "error.email.alreadyYours");
	}

	private static void problem(String english, String key) {
		PROBLEMS.put(Pattern.compile(Pattern.quote(english)), key);
	}

	@Bean(DispatcherServlet.LOCALE_RESOLVER_BEAN_NAME)
	LocaleResolver localeResolver(GlowletterProperties properties) {
		Locale list = properties.list().locale();
		return new LocaleResolver() {

			@Override
			public Locale resolveLocale(HttpServletRequest request) {
				Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
				String path = failed instanceof String uri ? uri : request.getRequestURI();
				return path != null && path.startsWith("/admin") ? Locale.ENGLISH : list;
			}

			@Override
			public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
				throw new UnsupportedOperationException("the reader's language is the list's");
			}

		};
	}

	/**
	 * A reader page's form problems ({@code errors} in the model of this module's
	 * controllers) in the list's language.
	 */
	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new HandlerInterceptor() {

			@Override
			public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
					ModelAndView view) {
				if (view != null && handler instanceof HandlerMethod method
						&& method.getBeanType().getPackageName().equals(ReaderLanguage.class.getPackageName())
						&& view.getModel().get("errors") instanceof Map<?, ?> errors && !errors.isEmpty()) {
					Map<String, String> problems = new LinkedHashMap<>();
					errors.forEach((field, problem) -> problems.put(String.valueOf(field), String.valueOf(problem)));
					view.addObject("errors", translate(problems, messages, locale));
				}
			}

		});
	}

	/**
	 * The form's problems in the list's language: each known one translated, any other (a
	 * custom field's value, worded with its label) as it is.
	 */
	static Map<String, String> translate(Map<String, String> problems, MessageSource messages, Locale locale) {
		Map<String, String> translated = new LinkedHashMap<>();
		problems.forEach((field, problem) -> translated.put(field, translate(problem, messages, locale)));
		return translated;
	}

	private static String translate(String problem, MessageSource messages, Locale locale) {
		for (Map.Entry<Pattern, String> known : PROBLEMS.entrySet()) {
			Matcher matcher = known.getKey().matcher(problem);
			if (matcher.matches()) {
				Object[] values = new Object[matcher.groupCount()];
				for (int i = 0; i < values.length; i++) {
					values[i] = matcher.group(i + 1);
				}
				return messages.getMessage(known.getValue(), values, locale);
			}
		}
		return problem;
	}

	/** The keys of the problems {@link #translate} knows, for the languages test. */
	static List<String> problemKeys() {
		return List.copyOf(PROBLEMS.values());
	}

}
