package dev.glowletter.admin.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.stereotype.Component;

/**
 * Who a single sign-on (OpenID Connect) login is here, once Spring Security has checked
 * the provider's ID token (signature, issuer, audience, expiry, nonce). The provider
 * vouches for an identity (issuer and subject) and, when it says it verified it, an
 * e-mail address; {@link SsoProperties} map the address's domain and the user's groups to
 * a role. The login becomes a stored account named by the address (so
 * {@link LiveAccountFilter}, the audit log and API tokens treat it as any other), made at
 * the first login and given the mapped role again at each. Refused, with nothing stored:
 * no verified address, no role, a disabled account, and a name already taken by an
 * account not linked to this identity: a password account must not be taken over by
 * whoever gets a provider to claim its name.
 */
@Component
class SingleSignOn implements OAuth2UserService<OidcUserRequest, OidcUser> {

	private final OidcUserService provider = new OidcUserService();

	private final Accounts accounts;

	private final SsoProperties properties;

	SingleSignOn(Accounts accounts, SsoProperties properties) {
		this.accounts = accounts;
		this.properties = properties;
	}

	@Override
	public OidcUser loadUser(OidcUserRequest request) throws OAuth2AuthenticationException {
		OidcUser user = provider.loadUser(request);
		String at = request.getClientRegistration().getClientName();
		String issuer = user.getIdToken().getClaimAsString("iss");
		String subject = user.getSubject();
		String email = Boolean.TRUE.equals(user.getEmailVerified()) && user.getEmail() != null
				? user.getEmail().trim().toLowerCase(Locale.ROOT) : null;
		if (email == null) {
			throw new Refused(subject + " at " + at, "no verified e-mail address", "Your account at " + at
					+ " has no verified e-mail address, which names accounts here; ask an owner.");
		}
		Accounts.Role role = role(user.getClaims(), email).orElseThrow(
				() -> new Refused(email, "no role", "Your account at " + at + " has no role here; ask an owner."));
		Accounts.Account account = account(email, role, issuer, subject, at);
		List<GrantedAuthority> authorities = List.of(new SimpleGrantedAuthority(account.role().authority()));
		return new SsoUser(account.username(), authorities, user.getIdToken(), user.getUserInfo());
	}

	/**
	 * The stored account linked to the identity, with the role just mapped; made when
	 * there is none and the name is free.
	 */
	private Accounts.Account account(String email, Accounts.Role role, String issuer, String subject, String at) {
		Optional<Accounts.Account> linked = accounts.bySingleSignOn(issuer, subject);
		if (linked.isPresent()) {
			Accounts.Account account = linked.get();
			if (!account.enabled()) {
				throw new Refused(account.username(), "account disabled",
						"Your account here is disabled; ask an owner.");
			}
			return account.role() == role ? account : accounts.changeRole(account.id(), role.name());
		}
		if (email.equalsIgnoreCase(accounts.configuredOwner()) || accounts.find(email).isPresent()) {
			throw new Refused(email, "name taken by an account not linked to this login",
					"The account " + email + " here is not linked to your account at " + at + "; ask an owner.");
		}
		if (!Accounts.nameLooksRight(email)) {
			throw new Refused(email, "address unfit for a user name",
					"Your e-mail address at " + at + " cannot name an account here; ask an owner.");
		}
		try {
			return accounts.createSingleSignOn(email, role, issuer, subject);
		}
		catch (DuplicateKeyException raced) {
			throw new Refused(email, "account made meanwhile", "Your account was being made meanwhile: log in again.");
		}
	}

	/** The highest role the verified address's domain or the user's groups give. */
	Optional<Accounts.Role> role(Map<String, Object> claims, String verifiedEmail) {
		List<Accounts.Role> matched = new ArrayList<>();
		if (verifiedEmail != null) {
			String domain = verifiedEmail.substring(verifiedEmail.lastIndexOf('@') + 1);
			properties.rolesByEmailDomain().forEach((mapped, role) -> {
				if (mapped.equalsIgnoreCase(domain)) {
					matched.add(role);
				}
			});
		}
		Object groups = claims.get(properties.groupsClaim());
		Collection<?> named = groups instanceof Collection<?> many ? many
				: groups == null ? List.of() : List.of(groups);
		for (Object group : named) {
			Accounts.Role role = properties.rolesByGroup().get(String.valueOf(group));
			if (role != null) {
				matched.add(role);
			}
		}
		// OWNER comes first
		return matched.stream().min(Comparator.naturalOrder());
	}

	/**
	 * For a provider without OpenID Connect (no {@code openid} scope): it vouches for no
	 * verified identity, so it logs nobody in.
	 */
	static OAuth2UserService<OAuth2UserRequest, OAuth2User> openIdConnectOnly() {
		return request -> {
			throw new OAuth2AuthenticationException(new OAuth2Error("invalid_request",
					"Single sign-on takes OpenID Connect providers only (scope openid).", null));
		};
	}

	/** A refused login: who, why (for the audit log), and what to tell them. */
	static final class Refused extends OAuth2AuthenticationException {

		private static final long serialVersionUID = 1L;

		private final String who;

		private final String reason;

		Refused(String who, String reason, String message) {
			super(new OAuth2Error("access_denied", message, null), message);
			this.who = who;
			this.reason = reason;
		}

		String who() {
			return who;
		}

		String reason() {
			return reason;
		}

	}

	/**
	 * The provider's user, named as the stored account it logs in (the name the session,
	 * {@link LiveAccountFilter}, the audit log and the tokens go by).
	 */
	static final class SsoUser extends DefaultOidcUser {

		private static final long serialVersionUID = 1L;

		private final String username;

		SsoUser(String username, Collection<? extends GrantedAuthority> authorities, OidcIdToken idToken,
				OidcUserInfo userInfo) {
			super(authorities, idToken, userInfo);
			this.username = username;
		}

		@Override
		public String getName() {
			return username;
		}

	}

}
