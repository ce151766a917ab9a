package dev.glowletter.admin;

import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Who may reach what. The admin API uses HTTP Basic with no session (so no cookie a foreign page
 * could ride on); admin pages use a form login with CSRF. Readers' pages are open; the
 * unsubscribe and confirmation links and the embed form are exempt from CSRF because their token,
 * or their harmlessness under double opt-in, is the authority. Logins are counted before they are
 * checked, and refused for a while after repeated failures ({@link LoginThrottle}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	static final String CSP = "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; "
			+ "frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'self'; object-src 'none'";

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http, LoginThrottle throttle) throws Exception {
		return http.securityMatcher("/api/**")
			.addFilterBefore(throttle.filter(), BasicAuthenticationFilter.class)
			.authorizeHttpRequests(requests -> requests
				.requestMatchers("/api/subscriptions").permitAll()
				.anyRequest().hasRole("ADMIN"))
			.httpBasic(Customizer.withDefaults())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable())
			.cors(Customizer.withDefaults())
			.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain pages(HttpSecurity http, LoginThrottle throttle) throws Exception {
		return http
			.addFilterBefore(throttle.filter(), UsernamePasswordAuthenticationFilter.class)
			.authorizeHttpRequests(requests -> requests
				.requestMatchers("/admin/login", "/admin/login/**").permitAll()
				.requestMatchers("/admin/**", "/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs/**").hasRole("ADMIN")
				.requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info").permitAll()
				.requestMatchers("/actuator/**").hasRole("ADMIN")
				.anyRequest().permitAll())
			.formLogin(login -> login.loginPage("/admin/login").defaultSuccessUrl("/admin", false).permitAll())
			.logout(logout -> logout.logoutUrl("/admin/logout").logoutSuccessUrl("/admin/login?logout"))
			.httpBasic(Customizer.withDefaults())
			// a confirm page left open past the session timeout must still confirm: the link's token is the authority
			.csrf(csrf -> csrf.ignoringRequestMatchers("/unsubscribe/**", "/confirm/**", "/subscribe/embed"))
			.exceptionHandling(exceptions -> exceptions.accessDeniedHandler(SecurityConfiguration::expiredForm))
			.headers(headers -> headers
				.contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
				.frameOptions(frame -> frame.sameOrigin()))
			.build();
	}

	/**
	 * A form sent after its session ran out carries a stale CSRF token: the reader gets the form
	 * again with a note, not a bare 403. Anything else denied keeps the 403.
	 */
	private static void expiredForm(jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
			org.springframework.security.access.AccessDeniedException denied) throws java.io.IOException {
		if (denied instanceof org.springframework.security.web.csrf.CsrfException) {
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
		response.sendError(jakarta.servlet.http.HttpServletResponse.SC_FORBIDDEN);
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	UserDetailsService adminAccount(AdminProperties properties, PasswordEncoder encoder) {
		String password = properties.password();
		String hash;
		if (password == null || password.isBlank()) {
			byte[] random = new byte[18];
			new SecureRandom().nextBytes(random);
			String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
			log.warn("\n\n    Admin login: user '{}', generated password: {}\n    (printed once; set GLOWLETTER_ADMIN_PASSWORD to choose one)\n",
					properties.username(), generated);
			hash = encoder.encode(generated);
		}
		else {
			hash = password.startsWith("{") ? password : encoder.encode(password);
		}
		return new InMemoryUserDetailsManager(User.withUsername(properties.username()).password(hash).roles("ADMIN").build());
	}
}
