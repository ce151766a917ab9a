package dev.glowletter.subscription.internal;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.subscription.TooManyRequests;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/** A reader over a limit on any of the reader's pages gets the same friendly 429 page. */
@ControllerAdvice(
		assignableTypes = { SubscribePageController.class, ConfirmController.class, UnsubscribeController.class })
class ReaderPageProblems {

	private final GlowletterProperties properties;

	ReaderPageProblems(GlowletterProperties properties) {
		this.properties = properties;
	}

	@ExceptionHandler(TooManyRequests.class)
	@ResponseStatus(HttpStatus.TOO_MANY_REQUESTS)
	String tooMany(TooManyRequests ex, Model model) {
		model.addAttribute("list", properties.list());
		model.addAttribute("message", ex.getMessage());
		return "subscription/too-many";
	}

}
