package dev.glowletter.admin.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The team over the API: one's own tokens (any role), and the accounts (owners only, as
 * the security configuration says).
 */
@RestController
class AccountApiController {

	private final Accounts accounts;

	AccountApiController(Accounts accounts) {
		this.accounts = accounts;
	}

	record TokenRequest(String name, String scope, Integer validDays) {
	}

	record AccountRequest(String username, String email, String role, String password) {
	}

	record AccountChange(String role, Boolean enabled) {
	}

	/** An account as the API shows it: the configured one has no id. */
	record AccountView(Long id, String username, String email, String role, boolean enabled, boolean configured) {

		static AccountView of(Accounts.Account account) {
			return new AccountView(account.id(), account.username(), account.email(), account.role().name(),
					account.enabled(), false);
		}

	}

	@GetMapping("/api/tokens")
	List<Accounts.Token> tokens(Authentication caller) {
		return accounts.tokens(caller.getName());
	}

	/** The token's secret is in this answer only. */
	@PostMapping("/api/tokens")
	ResponseEntity<Accounts.NewToken> createToken(@RequestBody TokenRequest request, Authentication caller) {
		Accounts.NewToken made = accounts.createToken(caller.getName(), request.name(), request.scope(),
				request.validDays());
		return ResponseEntity.created(URI.create("/api/tokens/" + made.token().id())).body(made);
	}

	@DeleteMapping("/api/tokens/{id}")
	ResponseEntity<Void> revoke(@PathVariable long id, Authentication caller) {
		accounts.revoke(caller.getName(), id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/api/accounts")
	List<AccountView> accounts() {
		List<AccountView> all = new ArrayList<>();
		all.add(new AccountView(null, accounts.configuredOwner(), null, Accounts.Role.OWNER.name(), true, true));
		accounts.list().forEach(account -> all.add(AccountView.of(account)));
		return all;
	}

	@PostMapping("/api/accounts")
	ResponseEntity<AccountView> create(@RequestBody AccountRequest request, Authentication caller) {
		Accounts.Account made = accounts.create(request.username(), request.email(), request.role(), request.password(),
				caller.getName());
		return ResponseEntity.created(URI.create("/api/accounts/" + made.id())).body(AccountView.of(made));
	}

	@PatchMapping("/api/accounts/{id}")
	AccountView change(@PathVariable long id, @RequestBody AccountChange change) {
		Accounts.Account account = null;
		if (change.role() != null) {
			account = accounts.changeRole(id, change.role());
		}
		if (change.enabled() != null) {
			account = accounts.enable(id, change.enabled());
		}
		if (account == null) {
			throw new Accounts.Invalid(Map.of("role", "Send a role, or enabled true or false."));
		}
		return AccountView.of(account);
	}

	@ExceptionHandler(Accounts.Invalid.class)
	ProblemDetail invalid(Accounts.Invalid ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Please correct the request");
		problem.setProperty("errors", ex.errors());
		return problem;
	}

	@ExceptionHandler(Accounts.NotFound.class)
	ProblemDetail notFound(Accounts.NotFound ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

}
