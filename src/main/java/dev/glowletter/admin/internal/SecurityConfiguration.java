package dev.glowletter.admin.internal;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import dev.glowletter.GlowletterProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * Who may reach what. The admin API uses HTTP Basic with no session (so no cookie a
 * foreign page could ride on) and refuses calls a foreign page could make
 * ({@link CrossSiteApiGuard}); no answer asks the browser for a password. Admin pages,
 * the dev inbox and the API description use a form login with CSRF. Readers' pages are
 * open; the unsubscribe, preference and confirmation links and the embed form are exempt
 * from CSRF because their token, or their harmlessness under double opt-in, is the
 * authority. Logins are counted before they are checked, and refused for a while after
 * repeated failures ({@link LoginThrottle}). With a client registration configured
 * ({@code spring.security.oauth2.client.registration.*}), the admin pages take single
 * sign-on by OpenID Connect too ({@link SingleSignOn}); without one, there is none.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	private static final String OWNER = "OWNER";

	private static final String EDITOR = "EDITOR";

	private static final String VIEWER = "VIEWER";

	static final String CSP = "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; "
			+ "frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'self'; object-src 'none'";

	/**
	 * No observation (a trace span and timer) per security filter and per check: nothing
	 * here traces, and wrapping each of a dozen filters in one cost every request, a
	 * static file's too, more than the filters' own work. The requests are still timed
	 * ({@code http.server.requests}).
	 */
	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * The providers' webhooks: no login, no session, no CSRF token; each verifies its
	 * caller itself (credentials of its own, a signature), and an Authorization header
	 * there is the provider's, not an admin's.
	 */
	@Bean
	@Order(0)
	SecurityFilterChain webhooks(HttpSecurity http) throws Exception {
		return http.securityMatcher("/webhooks/**")
			.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable())
			.build();
	}

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http, LoginThrottle throttle, GlowletterProperties properties,
			ApiProperties api, Accounts accounts, TwoFactor twoFactor) throws Exception {
		http.securityMatcher("/api/**")
			.addFilterBefore(new CrossSiteApiGuard(properties), BasicAuthenticationFilter.class)
			.addFilterBefore(new ApiTokenFilter(accounts), BasicAuthenticationFilter.class);
		if (api.basicAuth()) {
			http.addFilterBefore(throttle.filter(), BasicAuthenticationFilter.class)
				.addFilterAfter(new BasicWithoutSecondFactor(twoFactor), BasicAuthenticationFilter.class)
				.httpBasic(basic -> basic.authenticationEntryPoint(SecurityConfiguration::loginRequired));
		}
		else {
			http.addFilterBefore(new BasicAuthOff(), BasicAuthenticationFilter.class);
		}
		return http
			.authorizeHttpRequests(requests -> requests.requestMatchers("/api/subscriptions")
				.permitAll()
				.requestMatchers("/api/accounts", "/api/accounts/**", "/api/audit", "/api/subscribers/export",
						"/api/webhooks", "/api/webhooks/**")
				.hasRole(OWNER)
				.requestMatchers(HttpMethod.DELETE, "/api/subscribers/*")
				.hasRole(OWNER)
				// one's own tokens, whatever one's role
				.requestMatchers("/api/tokens", "/api/tokens/**")
				.hasRole(VIEWER)
				.requestMatchers(HttpMethod.GET, "/api/**")
				.hasRole(VIEWER)
				.requestMatchers(HttpMethod.HEAD, "/api/**")
				.hasRole(VIEWER)
				.anyRequest()
				.hasRole(EDITOR))
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(SecurityConfiguration::loginRequired)
				.accessDeniedHandler(SecurityConfiguration::roleMayNot))
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// no CSRF token for scripts: CrossSiteApiGuard keeps foreign pages out
			// instead
			.csrf(csrf -> csrf.disable())
			.cors(Customizer.withDefaults())
			.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain pages(HttpSecurity http, LoginThrottle throttle, Accounts accounts, TwoFactor twoFactor,
			TwoFactorLogin twoFactorLogin, AdminSessions sessions,
			ObjectProvider<ClientRegistrationRepository> registrations, SingleSignOn singleSignOn,
			SingleSignOnLogin singleSignOnLogin) throws Exception {
		LoginUrlAuthenticationEntryPoint loginPage = new LoginUrlAuthenticationEntryPoint("/admin/login");
		if (registrations.getIfAvailable() != null) {
			// the provider's access token is not used: it stays in the session, no longer
			http.oauth2Login(login -> login.loginPage("/admin/login")
				.authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
				.userInfoEndpoint(userInfo -> userInfo.oidcUserService(singleSignOn)
					.userService(SingleSignOn.openIdConnectOnly()))
				.successHandler(singleSignOnLogin)
				.failureHandler(singleSignOnLogin));
		}
		return http.addFilterBefore(throttle.filter(), UsernamePasswordAuthenticationFilter.class)
			.addFilterAfter(new LiveAccountFilter(accounts, twoFactor, sessions), SecurityContextHolderFilter.class)
			.addFilterBefore(new ApiTokenFilter(accounts, "/actuator/"), BasicAuthenticationFilter.class)
			.addFilterAfter(new BasicWithoutSecondFactor(twoFactor), BasicAuthenticationFilter.class)
			.authorizeHttpRequests(requests -> requests
				.requestMatchers("/admin/login", "/admin/login/**", "/admin/invite/**", "/admin/reset/**")
				.permitAll()
				// the team, and what the data protection law gives readers: the owners'
				.requestMatchers("/admin/accounts", "/admin/accounts/**", "/admin/audit", "/admin/subscribers/export",
						"/admin/subscribers/*/erase", "/admin/webhooks", "/admin/webhooks/**")
				.hasRole(OWNER)
				// the dev inbox shows every reader's confirmation link and data export
				.requestMatchers("/dev/**")
				.hasRole(EDITOR)
				// one's own password and tokens, and logging out
				.requestMatchers("/admin/account", "/admin/account/**", "/admin/logout")
				.hasRole(VIEWER)
				.requestMatchers(HttpMethod.GET, "/admin/**", "/swagger-ui.html", "/swagger-ui/**", "/v3/**")
				.hasRole(VIEWER)
				.requestMatchers(HttpMethod.HEAD, "/admin/**", "/swagger-ui.html", "/swagger-ui/**", "/v3/**")
				.hasRole(VIEWER)
				.requestMatchers("/admin/**", "/swagger-ui.html", "/swagger-ui/**", "/v3/**")
				.hasRole(EDITOR)
				.requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info")
				.permitAll()
				.requestMatchers("/actuator/**")
				.hasRole(OWNER)
				.anyRequest()
				.permitAll())
			.formLogin(login -> login.loginPage("/admin/login").successHandler(twoFactorLogin).permitAll())
			.logout(logout -> logout.logoutUrl("/admin/logout")
				.addLogoutHandler((request, response, login) -> sessions.ended(request.getSession(false)))
				.logoutSuccessUrl("/admin/login?logout"))
			// for monitoring (actuator) and the API description; never a challenge a
			// browser would answer with a password prompt
			.httpBasic(basic -> basic.authenticationEntryPoint(SecurityConfiguration::loginRequired))
			.exceptionHandling(exceptions -> exceptions
				.defaultAuthenticationEntryPointFor(SecurityConfiguration::loginRequired,
						PathPatternRequestMatcher.withDefaults().matcher("/actuator/**"))
				.defaultAuthenticationEntryPointFor(SecurityConfiguration::loginRequired,
						PathPatternRequestMatcher.withDefaults().matcher("/v3/**"))
				.defaultAuthenticationEntryPointFor(loginPage, AnyRequestMatcher.INSTANCE)
				.accessDeniedHandler(SecurityConfiguration::expiredForm))
			// a confirm page left open past the session timeout must still confirm: the
			// link's token is the authority; the click tracker takes only GET and HEAD (a
			// POST there is a 405, not a missing token)
			.csrf(csrf -> csrf.ignoringRequestMatchers("/unsubscribe/**", "/preferences/**", "/confirm/**",
					"/subscribe/embed", "/r/**", "/o/**"))
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
				.referrerPolicy(referrer -> referrer
					.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
				.frameOptions(frame -> frame.sameOrigin()))
			.build();
	}

	/**
	 * 401 as problem details, without {@code WWW-Authenticate: Basic}: with that header
	 * browsers ask for a password and then send it along with every request, a foreign
	 * page's too.
	 */
	private static void loginRequired(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException failed) throws IOException {
		ProblemResponses.write(response, HttpStatus.UNAUTHORIZED, "Login required",
				"Send an API token (Authorization: Bearer glw_…, made on your account page) or your account's "
						+ "credentials with HTTP Basic (curl -u admin:PASSWORD).");
	}

	/**
	 * 403 as problem details: the caller is known, and their role (or their token's
	 * scope) may not do this.
	 */
	private static void roleMayNot(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException denied) throws IOException {
		ProblemResponses.write(response, HttpStatus.FORBIDDEN, "Not allowed for your role",
				"Your account's role (or your token's scope) may not do this: ask an owner of the list.");
	}

	/**
	 * A form sent after its session ran out carries a stale CSRF token: the reader gets
	 * the form again with a note, not a bare 403. Anything else denied keeps the 403.
	 */
	private static void expiredForm(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException denied) throws IOException {
		if (denied instanceof CsrfException) {
			String path = request.getRequestURI();
			if (path.equals("/subscribe")) {
				response.sendRedirect("/?expired");
				return;
			}
			if (path.equals("/admin/login")) {
				response.sendRedirect("/admin/login?expired");
				return;
			}
		}
		response.sendError(HttpServletResponse.SC_FORBIDDEN);
	}

	/**
	 * New passwords hashed with bcrypt at the configured cost; every kind Spring Security
	 * knows checked, as a configured {@code {bcrypt}…} or {@code {pbkdf2}…} hash may be.
	 */
	@Bean
	PasswordEncoder passwordEncoder(AdminProperties properties) {
		DelegatingPasswordEncoder encoder = new DelegatingPasswordEncoder("bcrypt",
				Map.of("bcrypt", new BCryptPasswordEncoder(properties.bcryptCost())));
		encoder.setDefaultPasswordEncoderForMatches(PasswordEncoderFactories.createDelegatingPasswordEncoder());
		return encoder;
	}

	/** An OWNER may do what an EDITOR may, who may do what a VIEWER may. */
	@Bean
	static RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.withDefaultRolePrefix()
			.role(OWNER)
			.implies(EDITOR)
			.role(EDITOR)
			.implies(VIEWER)
			.build();
	}

	/**
	 * The configured account (the first OWNER, its password from the configuration, or
	 * generated and printed once), then the stored ones.
	 */
	@Bean
	UserDetailsService adminAccounts(AdminProperties properties, PasswordEncoder encoder, Accounts accounts) {
		String password = properties.password();
		String hash;
		if (password == null || password.isBlank()) {
			byte[] random = new byte[18];
			new SecureRandom().nextBytes(random);
			String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
			log.warn("\n\n    Admin login: user '{}', generated password: {}\n    (printed once; set "
					+ "GLOWLETTER_ADMIN_PASSWORD to choose one)\n", properties.username(), generated);
			hash = encoder.encode(generated);
		}
		else {
			hash = password.startsWith("{") ? password : encoder.encode(password);
		}
		return username -> {
			if (username.equalsIgnoreCase(properties.username())) {
				// a new one each time: the login erases the password of what it is given
				return User.withUsername(properties.username()).password(hash).roles(OWNER).build();
			}
			Accounts.Account account = accounts.find(username)
				.orElseThrow(() -> new UsernameNotFoundException("No such account"));
			return User.withUsername(account.username())
				.password(accounts.passwordHash(username).orElseThrow())
				.roles(account.role().name())
				.disabled(!account.enabled())
				.build();
		};
	}

}
