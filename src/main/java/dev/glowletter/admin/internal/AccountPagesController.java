package dev.glowletter.admin.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import jakarta.servlet.http.HttpSession;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Your account" (one's password and API tokens, any role) and "Team" (the accounts,
 * owners only).
 */
@Controller
class AccountPagesController {

	private static final String SETUP = AccountPagesController.class.getName() + ".totpSetup";

	private final Accounts accounts;

	private final TwoFactor twoFactor;

	private final AdminSessions sessions;

	private final Clock clock;

	private final Duration sessionTimeout;

	AccountPagesController(Accounts accounts, TwoFactor twoFactor, AdminSessions sessions, Clock clock,
			@Value("${server.servlet.session.timeout:30m}") Duration sessionTimeout) {
		this.accounts = accounts;
		this.twoFactor = twoFactor;
		this.sessions = sessions;
		this.clock = clock;
		this.sessionTimeout = sessionTimeout;
	}

	/**
	 * Starts setting up two-factor login: a new key, kept in the session until a code of
	 * it is right.
	 */
	@PostMapping("/admin/account/two-factor/start")
	String startTwoFactor(HttpSession session) {
		session.setAttribute(SETUP, twoFactor.newSecret());
		return "redirect:/admin/account/two-factor";
	}

	@GetMapping("/admin/account/two-factor")
	String twoFactorPage(HttpSession session, Authentication caller, Model model) {
		Object secret = session.getAttribute(SETUP);
		if (!(secret instanceof String key)) {
			return "redirect:/admin/account";
		}
		model.addAttribute("key", key.replaceAll("(.{4})(?!$)", "$1 "));
		model.addAttribute("uri", TwoFactor.otpauthUri(caller.getName(), key));
		return "admin/two-factor";
	}

	@PostMapping("/admin/account/two-factor")
	String enableTwoFactor(@RequestParam(required = false) String code, HttpSession session, Authentication caller,
			Model model, RedirectAttributes redirect) {
		Object secret = session.getAttribute(SETUP);
		if (!(secret instanceof String key)) {
			return "redirect:/admin/account";
		}
		try {
			redirect.addFlashAttribute("recoveryCodes", twoFactor.enable(caller.getName(), key, code));
		}
		catch (Accounts.Invalid ex) {
			model.addAttribute("error", ex.getMessage());
			return twoFactorPage(session, caller, model);
		}
		session.removeAttribute(SETUP);
		AdminPages.flash(redirect, "Two-factor login is on: the next login asks for a code.");
		return "redirect:/admin/account";
	}

	@PostMapping("/admin/account/two-factor/off")
	String disableTwoFactor(@RequestParam(required = false) String code, Authentication caller,
			RedirectAttributes redirect) {
		try {
			twoFactor.disable(caller.getName(), code);
			AdminPages.flash(redirect, "Two-factor login is off.");
		}
		catch (Accounts.Invalid ex) {
			AdminPages.flash(redirect, ex.getMessage(), "error");
		}
		return "redirect:/admin/account";
	}

	@GetMapping("/admin/account")
	String account(Authentication caller, HttpSession session, Model model) {
		return accountPage(caller, session, model, Map.of(), "", "WRITE", "");
	}

	/** Ends one of one's own sessions (another account's is not found). */
	@PostMapping("/admin/account/sessions/{id}/end")
	String endSession(@PathVariable long id, Authentication caller, RedirectAttributes redirect) {
		if (!sessions.end(caller.getName(), id)) {
			throw new AdminPages.NotFound("You have no open session " + id + ".");
		}
		AdminPages.flash(redirect, "The session is ended: it is logged out at its next click.");
		return "redirect:/admin/account";
	}

	@PostMapping("/admin/account/sessions/end-others")
	String endOtherSessions(Authentication caller, HttpSession session, RedirectAttributes redirect) {
		int ended = sessions.endOthers(caller.getName(), session);
		AdminPages.flash(redirect, ended == 1 ? "One other session is ended." : ended + " other sessions are ended.");
		return "redirect:/admin/account";
	}

	@PostMapping("/admin/account/password")
	String changePassword(@RequestParam(required = false) String current,
			@RequestParam(required = false) String password, Authentication caller, HttpSession session, Model model,
			RedirectAttributes redirect) {
		try {
			accounts.changePassword(caller.getName(), current, password);
		}
		catch (Accounts.Invalid ex) {
			return accountPage(caller, session, model, ex.errors(), "", "WRITE", "");
		}
		// this session goes on; the account's others end at their next request
		session.setAttribute(TwoFactorLogin.LOGGED_IN_AT, clock.instant());
		sessions.endOthers(caller.getName(), session);
		AdminPages.flash(redirect, "Your password is changed: your other sessions are logged out.");
		return "redirect:/admin/account";
	}

	@PostMapping("/admin/account/tokens")
	String createToken(@RequestParam(required = false) String name, @RequestParam(required = false) String scope,
			@RequestParam(required = false) String validDays, Authentication caller, HttpSession session, Model model,
			RedirectAttributes redirect) {
		Integer days;
		try {
			days = (validDays == null || validDays.isBlank()) ? null : Integer.valueOf(validDays.trim());
		}
		catch (NumberFormatException ex) {
			return accountPage(caller, session, model,
					Map.of("validDays", "Enter a number of days, or leave it empty."), name, scope, validDays);
		}
		try {
			Accounts.NewToken made = accounts.createToken(caller.getName(), name, scope, days);
			redirect.addFlashAttribute("newToken", made.secret());
			AdminPages.flash(redirect, "Token “" + made.token().name()
					+ "” made. Copy it now: it is shown this once (only its fingerprint is kept).");
		}
		catch (Accounts.Invalid ex) {
			return accountPage(caller, session, model, ex.errors(), name, scope, validDays);
		}
		return "redirect:/admin/account";
	}

	@PostMapping("/admin/account/tokens/{id}/revoke")
	String revoke(@PathVariable long id, Authentication caller, RedirectAttributes redirect) {
		try {
			accounts.revoke(caller.getName(), id);
		}
		catch (Accounts.NotFound ex) {
			throw new AdminPages.NotFound(ex.getMessage());
		}
		AdminPages.flash(redirect, "Token revoked: calls with it are refused from now on.");
		return "redirect:/admin/account";
	}

	@GetMapping("/admin/accounts")
	String team(Model model) {
		return teamPage(model, Map.of(), "", "", "EDITOR");
	}

	@PostMapping("/admin/accounts")
	String create(@RequestParam(required = false) String username, @RequestParam(required = false) String email,
			@RequestParam(required = false) String role, @RequestParam(required = false) String password,
			Authentication caller, Model model, RedirectAttributes redirect) {
		try {
			Accounts.Account made = accounts.create(username, email, role, password, caller.getName());
			AdminPages.flash(redirect, "Account “" + made.username() + "” added as " + made.role()
					+ ". Give them their password in person or over a channel you trust.");
		}
		catch (Accounts.Invalid ex) {
			return teamPage(model, ex.errors(), username, email, role);
		}
		return "redirect:/admin/accounts";
	}

	@PostMapping("/admin/accounts/two-factor-required")
	String requireTwoFactor(@RequestParam(defaultValue = "false") boolean required, RedirectAttributes redirect) {
		twoFactor.require(required);
		AdminPages.flash(redirect, required
				? "Two-factor login is required: each stored account sets it up at its next page before anything else."
				: "Two-factor login is each account's choice again.");
		return "redirect:/admin/accounts";
	}

	@PostMapping("/admin/accounts/{id}/two-factor/reset")
	String resetTwoFactor(@PathVariable long id, RedirectAttributes redirect) {
		try {
			twoFactor.reset(id);
		}
		catch (Accounts.NotFound ex) {
			throw new AdminPages.NotFound(ex.getMessage());
		}
		AdminPages.flash(redirect, "Two-factor login is off for “" + accounts.byId(id).username()
				+ "”: their next login is with the password alone, and they can set it up again.");
		return "redirect:/admin/accounts";
	}

	@PostMapping("/admin/accounts/{id}")
	String change(@PathVariable long id, @RequestParam(required = false) String role,
			@RequestParam(required = false) Boolean enabled, RedirectAttributes redirect) {
		try {
			Accounts.Account account = (role != null) ? accounts.changeRole(id, role) : null;
			if (enabled != null) {
				account = accounts.enable(id, enabled);
			}
			if (account != null) {
				AdminPages.flash(redirect, "“" + account.username() + "” is " + (account.enabled()
						? "now " + account.role() : "disabled: it cannot log in, and its tokens are refused") + ".");
			}
		}
		catch (Accounts.NotFound ex) {
			throw new AdminPages.NotFound(ex.getMessage());
		}
		catch (Accounts.Invalid ex) {
			AdminPages.flash(redirect, ex.getMessage(), "error");
		}
		return "redirect:/admin/accounts";
	}

	private String accountPage(Authentication caller, HttpSession session, Model model, Map<String, String> errors,
			String name, String scope, String validDays) {
		model.addAttribute("sessions", sessions.list(caller.getName(), session));
		model.addAttribute("sessionTimeout", sessionTimeout.toMinutes() + " minutes");
		model.addAttribute("username", caller.getName());
		model.addAttribute("role",
				caller.getAuthorities()
					.stream()
					.map(authority -> authority.getAuthority().replace("ROLE_", ""))
					.findFirst()
					.orElse(""));
		model.addAttribute("configured", caller.getName().equalsIgnoreCase(accounts.configuredOwner()));
		model.addAttribute("tokens", accounts.tokens(caller.getName()));
		model.addAttribute("twoFactor", twoFactor.enabled(caller.getName()));
		boolean singleSignOn = accounts.find(caller.getName()).map(Accounts.Account::singleSignOn).orElse(false);
		model.addAttribute("singleSignOn", singleSignOn);
		model.addAttribute("mustSetUp", !singleSignOn && twoFactor.mustSetUp(caller.getName()));
		model.addAttribute("recoveryLeft", twoFactor.recoveryCodesLeft(caller.getName()));
		model.addAttribute("errors", errors);
		model.addAttribute("name", name == null ? "" : name);
		model.addAttribute("scope", scope == null ? "WRITE" : scope);
		model.addAttribute("validDays", validDays == null ? "" : validDays);
		model.addAttribute("minPassword", Accounts.MIN_PASSWORD);
		return "admin/account";
	}

	String teamPage(Model model, Map<String, String> errors, String username, String email, String role) {
		model.addAttribute("configuredOwner", accounts.configuredOwner());
		model.addAttribute("twoFactorRequired", twoFactor.required());
		model.addAttribute("accounts", accounts.list());
		model.addAttribute("configuredTwoFactor", twoFactor.enabled(accounts.configuredOwner()));
		model.addAttribute("errors", errors);
		model.addAttribute("username", username == null ? "" : username);
		model.addAttribute("email", email == null ? "" : email);
		model.addAttribute("role", role == null ? "EDITOR" : role);
		model.addAttribute("minPassword", Accounts.MIN_PASSWORD);
		return "admin/accounts";
	}

}
