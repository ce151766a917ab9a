package dev.glowletter.admin.internal;

import java.time.ZoneId;
import java.util.List;
import java.util.TreeSet;

import dev.glowletter.campaign.CampaignNotFound;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What every admin page shares: whether the dev inbox exists, the message shown after a
 * redirect ({@link #flash}), the time zones a schedule can name, the 404 page for an
 * unknown id, and the 400 page for an id or parameter that is not one (before the JSON
 * problem details every other controller answers with).
 */
@ControllerAdvice(basePackageClasses = AdminPages.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class AdminPages {

	/**
	 * The time zones a schedule can name: regions only, without the {@code Etc/} and
	 * {@code SystemV/} aliases.
	 */
	static final List<String> ZONES = new TreeSet<>(ZoneId.getAvailableZoneIds()).stream()
		.filter(z -> z.contains("/") && !z.startsWith("Etc/") && !z.startsWith("SystemV/"))
		.toList();

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

	/** Shows a message on the page a redirect lands on. */
	static void flash(RedirectAttributes redirect, String message) {
		flash(redirect, message, "ok");
	}

	/**
	 * Shows a message of a kind ({@code ok} or {@code error}) on the page a redirect
	 * lands on.
	 */
	static void flash(RedirectAttributes redirect, String message, String kind) {
		redirect.addFlashAttribute("flash", message);
		redirect.addFlashAttribute("flashKind", kind);
	}

	@ModelAttribute("devInbox")
	boolean devInbox() {
		String host = environment.getProperty("spring.mail.host");
		return host == null || host.isBlank();
	}

	/** Whether the one looking is an owner (the "Team" page is theirs). */
	@ModelAttribute("owner")
	boolean owner(Authentication caller) {
		return caller != null && caller.getAuthorities()
			.stream()
			.anyMatch(authority -> "ROLE_OWNER".equals(authority.getAuthority()));
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
