package dev.glowletter.subscription.internal;

import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;

/**
 * What the page layout's text helpers ({@code layout.m}, {@code layout.mh},
 * {@code layout.lang}) ask of Spring's request context, for a reader page made outside
 * Spring MVC (the busy page {@link SignupShedding} answers before MVC): the reader's
 * texts in the list's language. Public for FreeMarker, which calls its methods.
 */
public final class ListTexts {

	private final MessageSource messages;

	private final Locale locale;

	ListTexts(MessageSource messages, Locale locale) {
		this.messages = messages;
		this.locale = locale;
	}

	public String getMessage(String code, List<?> args) {
		return messages.getMessage(code, args == null ? null : args.toArray(), locale);
	}

	public Locale getLocale() {
		return locale;
	}

}
