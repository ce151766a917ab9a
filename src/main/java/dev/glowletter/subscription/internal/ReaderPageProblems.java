package dev.glowletter.subscription.internal;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.subscription.TooManyRequests;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * A reader over a limit on any of the reader's pages gets the same friendly page: 429, or
 * 503 when the service is too busy; either says when to come back, in the list's
 * language.
 */
@ControllerAdvice(assignableTypes = { SubscribePageController.class, ConfirmController.class,
		UnsubscribeController.class, PreferencesController.class })
class ReaderPageProblems {

	private final GlowletterProperties properties;

	private final MessageSource messages;

	ReaderPageProblems(GlowletterProperties properties, MessageSource messages) {
		this.properties = properties;
		this.messages = messages;
	}

	@ExceptionHandler(TooManyRequests.class)
	@ResponseStatus(HttpStatus.TOO_MANY_REQUESTS)
	String tooMany(TooManyRequests ex, Model model, HttpServletResponse response) {
		String message = ex.text() == null ? ex.getMessage()
				: messages.getMessage(ex.text(), null, properties.list().locale());
		return pleaseWait(message, ex.retryAfterSeconds(), model, response);
	}

	@ExceptionHandler(Signups.Busy.class)
	@ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
	String busy(Signups.Busy ex, Model model, HttpServletResponse response) {
		return pleaseWait(messages.getMessage(Signups.Busy.TEXT, null, properties.list().locale()),
				Signups.Busy.RETRY_AFTER_SECONDS, model, response);
	}

	private String pleaseWait(String message, long retryAfterSeconds, Model model, HttpServletResponse response) {
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		model.addAttribute("list", properties.list());
		model.addAttribute("message", message);
		return "subscription/too-many";
	}

}
