package dev.glowletter.admin.internal;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which role a single sign-on login gets here: the provider vouches for who someone is,
 * these say what they may do. The highest role any matching claim gives wins; none, and
 * the login is refused. Without a client registration
 * ({@code spring.security.oauth2.client.registration.*}) there is no single sign-on and
 * these are not read.
 *
 * @param rolesByEmailDomain a role per e-mail domain (lower case, e.g.
 * {@code example.org}), counted only when the provider says it verified the address
 * @param rolesByGroup a role per group the provider names in {@code groupsClaim}
 * @param groupsClaim the claim (of the ID token or the user info) that lists the user's
 * groups
 */
@ConfigurationProperties("glowletter.admin.sso")
record SsoProperties(Map<String, Accounts.Role> rolesByEmailDomain, Map<String, Accounts.Role> rolesByGroup,
		@DefaultValue("groups") String groupsClaim) {

	SsoProperties {
		rolesByEmailDomain = rolesByEmailDomain == null ? Map.of() : Map.copyOf(rolesByEmailDomain);
		rolesByGroup = rolesByGroup == null ? Map.of() : Map.copyOf(rolesByGroup);
	}

}
