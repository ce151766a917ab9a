package dev.glowletter.admin;

import dev.glowletter.campaign.CampaignNotFound;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.env.Environment;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every admin page shares: whether the dev inbox exists, and the 404 page for an unknown id. */
@ControllerAdvice(basePackageClasses = AdminPages.class)
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

	@ExceptionHandler({ CampaignNotFound.class, NotFound.class })
	String notFound(RuntimeException ex, Model model, HttpServletResponse response) {
		response.setStatus(HttpServletResponse.SC_NOT_FOUND);
		model.addAttribute("message", ex.getMessage());
		model.addAttribute("path", "/admin");
		return "error/404";
	}
}
