package dev.glowletter.admin.internal;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The admin's way in: the password form, and a link per single sign-on provider when
 * there are any ({@link SingleSignOn}), with why the last single sign-on was refused.
 */
@Controller
class AdminController {

	/** A provider to log in with. */
	public record Provider(String id, String name) {
	}

	private final ObjectProvider<ClientRegistrationRepository> registrations;

	AdminController(ObjectProvider<ClientRegistrationRepository> registrations) {
		this.registrations = registrations;
	}

	@GetMapping("/admin/login")
	String login(HttpServletRequest request, Model model) {
		model.addAttribute("providers", providers());
		HttpSession session = request.getSession(false);
		Object refused = session == null ? null : session.getAttribute(SingleSignOnLogin.REFUSED);
		if (refused != null) {
			session.removeAttribute(SingleSignOnLogin.REFUSED);
			model.addAttribute("ssoRefused", refused);
		}
		return "admin/login";
	}

	private List<Provider> providers() {
		List<Provider> providers = new ArrayList<>();
		if (registrations.getIfAvailable() instanceof Iterable<?> all) {
			for (Object each : all) {
				if (each instanceof ClientRegistration registration) {
					providers.add(new Provider(registration.getRegistrationId(), registration.getClientName()));
				}
			}
		}
		return providers;
	}

}
