package dev.glowletter.admin;

import dev.glowletter.campaign.CampaignNotFound;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * What every admin page shares: whether the dev inbox exists, the 404 page for an unknown id, and
 * the 400 page for an id or parameter that is not one (before the JSON problem details every
 * other controller answers with).
 */
@ControllerAdvice(basePackageClasses = AdminPages.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class AdminPages {

	/** An admin page asked for something that is not there. */
	static class NotFound extends RuntimeException {

		NotFound(String message) {
			super(message);
		}
	}

	private final Environment environment;

	AdminPages(Environment environment) {
		this.environment = environment;
	}

	@ModelAttribute("devInbox")
	boolean devInbox() {
		String host = environment.getProperty("spring.mail.host");
		return host == null || host.isBlank();
	}

	@ExceptionHandler({ MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class })
	String badRequest(Exception ex, Model model, HttpServletResponse response) {
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		String parameter = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
				: ((MissingServletRequestParameterException) ex).getParameterName();
		model.addAttribute("message", "The value of “" + parameter + "” is missing or is not one this page can use.");
		model.addAttribute("path", "/admin");
		return "error/400";
	}

	@ExceptionHandler({ CampaignNotFound.class, NotFound.class })
	String notFound(RuntimeException ex, Model model, HttpServletResponse response) {
		response.setStatus(HttpServletResponse.SC_NOT_FOUND);
		model.addAttribute("message", ex.getMessage());
		model.addAttribute("path", "/admin");
		return "error/404";
	}
}
