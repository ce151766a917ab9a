package dev.glowletter.admin.internal;

import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The team's links by e-mail: an owner invites from the Team page; the invited person
 * makes their account from the link; anyone asks for a password reset from the login page
 * (the answer is the same whether the account exists or not) and sets it from the link.
 */
@Controller
class TeamLinkPagesController {

	private static final String GONE = "admin/link-gone";

	private final TeamLinks links;

	private final AccountPagesController team;

	TeamLinkPagesController(TeamLinks links, AccountPagesController team) {
		this.links = links;
		this.team = team;
	}

	@PostMapping("/admin/accounts/invite")
	String invite(@RequestParam(required = false) String inviteEmail, @RequestParam(required = false) String inviteRole,
			Authentication caller, Model model, RedirectAttributes redirect) {
		try {
			links.invite(inviteEmail, inviteRole, caller.getName());
		}
		catch (Accounts.Invalid ex) {
			model.addAttribute("inviteEmail", inviteEmail == null ? "" : inviteEmail);
			return team.teamPage(model, ex.errors(), "", "", "EDITOR");
		}
		AdminPages.flash(redirect, "Invitation sent to " + inviteEmail.trim() + ": the link works once, for "
				+ TeamLinks.INVITE_VALID.toDays() + " days.");
		return "redirect:/admin/accounts";
	}

	@GetMapping("/admin/invite/{token}")
	String invitation(@PathVariable String token, Model model, HttpServletResponse response) {
		return invitePage(token, model, Map.of(), "", response);
	}

	@PostMapping("/admin/invite/{token}")
	String accept(@PathVariable String token, @RequestParam(required = false) String username,
			@RequestParam(required = false) String password, Model model, HttpServletResponse response) {
		try {
			links.accept(token, username, password);
		}
		catch (Accounts.Invalid ex) {
			return invitePage(token, model, ex.errors(), username, response);
		}
		return "redirect:/admin/login?invited";
	}

	private String invitePage(String token, Model model, Map<String, String> errors, String username,
			HttpServletResponse response) {
		Optional<TeamLinks.Invite> invite = links.invite(token);
		if (invite.isEmpty()) {
			response.setStatus(HttpServletResponse.SC_GONE);
			return GONE;
		}
		model.addAttribute("email", invite.get().email());
		model.addAttribute("role", invite.get().role().name().toLowerCase());
		model.addAttribute("invitedBy", invite.get().invitedBy());
		model.addAttribute("errors", errors);
		model.addAttribute("username", username == null ? "" : username);
		model.addAttribute("minPassword", Accounts.MIN_PASSWORD);
		return "admin/invite";
	}

	@GetMapping("/admin/login/reset")
	String resetRequest() {
		return "admin/reset-request";
	}

	@PostMapping("/admin/login/reset")
	String requestReset(@RequestParam(required = false) String account, Model model) {
		if (account != null && !account.isBlank() && account.length() <= 320) {
			links.requestReset(account);
		}
		model.addAttribute("sent", true);
		return "admin/reset-request";
	}

	@GetMapping("/admin/reset/{token}")
	String resetPage(@PathVariable String token, Model model, HttpServletResponse response) {
		return resetPage(token, model, Map.of(), response);
	}

	@PostMapping("/admin/reset/{token}")
	String reset(@PathVariable String token, @RequestParam(required = false) String password, Model model,
			HttpServletResponse response) {
		try {
			links.reset(token, password);
		}
		catch (Accounts.Invalid ex) {
			return resetPage(token, model, ex.errors(), response);
		}
		return "redirect:/admin/login?reset";
	}

	private String resetPage(String token, Model model, Map<String, String> errors, HttpServletResponse response) {
		Optional<Accounts.Account> account = links.resetFor(token);
		if (account.isEmpty()) {
			response.setStatus(HttpServletResponse.SC_GONE);
			return GONE;
		}
		model.addAttribute("username", account.get().username());
		model.addAttribute("errors", errors);
		model.addAttribute("minPassword", Accounts.MIN_PASSWORD);
		return "admin/reset";
	}

}
