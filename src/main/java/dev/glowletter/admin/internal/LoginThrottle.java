package dev.glowletter.admin.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Min;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Slows password guessing on the admin logins: the form login ({@code POST /admin/login})
 * and HTTP Basic on the API and on the pages (actuator, Swagger). Every attempt is
 * counted in {@link LoginFailures} before its password is checked, and refused with 429
 * while a limit holds: {@code max-failures} per account and address in the window, and
 * past {@code account-backoff-after} failures on an account from any addresses, one
 * attempt per wait, doubling up to {@code account-backoff-max}. A right password takes
 * its attempt back. Basic credentials found right are remembered for a while (per
 * address, as a digest), so that a script's calls, even many at once, are neither counted
 * nor spaced out.
 */
@Component
class LoginThrottle {

	private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

	/**
	 * The attempt this thread is checking, for the authentication events to report to.
	 */
	private static final ThreadLocal<Attempt> CHECKING = new ThreadLocal<>();

	/**
	 * @param maxFailures failed logins on one account from one address before that
	 * address must wait for the rest of the window
	 * @param window how long failures are remembered, and how long a blocked address
	 * waits; an account's count starts afresh once nobody has tried it for this long
	 * @param accountBackoffAfter failed logins on one account, from any addresses within
	 * the window, after which attempts on it are spaced out
	 * @param accountBackoffFirst the first spacing; it doubles with every further
	 * failure…
	 * @param accountBackoffMax …up to this: the longest anyone, the admin included, waits
	 * because of others' guesses
	 * @param rememberGoodCredentials how long HTTP Basic credentials found right are
	 * remembered for the address they came from (a digest, in memory), so that further
	 * calls with them are not counted; each call renews it
	 */
	@Validated
	@ConfigurationProperties("glowletter.admin.login-throttle")
	record Settings(
			@DefaultValue("5") @Min(value = 1,
					message = "must be at least 1; set GLOWLETTER_ADMIN_LOGIN_THROTTLE_MAX_FAILURES") int maxFailures,
			@DefaultValue("15m") Duration window,
			@DefaultValue("10") @Min(value = 1,
					message = "must be at least 1; "
							+ "set GLOWLETTER_ADMIN_LOGIN_THROTTLE_ACCOUNT_BACKOFF_AFTER") int accountBackoffAfter,
			@DefaultValue("1s") Duration accountBackoffFirst, @DefaultValue("1m") Duration accountBackoffMax,
			@DefaultValue("5m") Duration rememberGoodCredentials) {

		Settings {
			positive(window, "GLOWLETTER_ADMIN_LOGIN_THROTTLE_WINDOW");
			positive(accountBackoffFirst, "GLOWLETTER_ADMIN_LOGIN_THROTTLE_ACCOUNT_BACKOFF_FIRST");
			positive(accountBackoffMax, "GLOWLETTER_ADMIN_LOGIN_THROTTLE_ACCOUNT_BACKOFF_MAX");
			positive(rememberGoodCredentials, "GLOWLETTER_ADMIN_LOGIN_THROTTLE_REMEMBER_GOOD_CREDENTIALS");
			if (accountBackoffMax.compareTo(accountBackoffFirst) < 0) {
				throw new IllegalArgumentException(
						"account-backoff-max must not be shorter than account-backoff-first; "
								+ "set GLOWLETTER_ADMIN_LOGIN_THROTTLE_ACCOUNT_BACKOFF_MAX");
			}
		}

		private static void positive(Duration duration, String variable) {
			if (duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException("must be a positive duration, e.g. 30s; set " + variable);
			}
		}

		/**
		 * The wait after the n-th failure past {@code accountBackoffAfter}: the first
		 * spacing, doubled each time, capped.
		 */
		Duration spacing(int n) {
			Duration wait = accountBackoffFirst.multipliedBy(1L << Math.min(Math.max(n - 1, 0), 30));
			return wait.compareTo(accountBackoffMax) > 0 ? accountBackoffMax : wait;
		}
	}

	private enum Outcome {

		UNCHECKED, SUCCEEDED, FAILED

	}

	/**
	 * One login attempt: the account tried, the address it came from and, for HTTP Basic,
	 * a digest of the address and the credentials.
	 */
	private static final class Attempt {

		private final String account;

		private final String address;

		private final String credentials;

		private Outcome outcome = Outcome.UNCHECKED;

		private Attempt(String account, String address, String credentials) {
			this.account = account;
			this.address = address;
			this.credentials = credentials;
		}

	}

	private record Remembered(String address, Instant until) {
	}

	private final LoginFailures failures;

	private final Settings settings;

	private final Clock clock;

	/** Basic credentials found right, by digest of address and header. */
	private final ConcurrentMap<String, Remembered> remembered = new ConcurrentHashMap<>();

	/**
	 * Basic credentials being checked now on this instance, by the same digest; completed
	 * with whether they were right.
	 */
	private final ConcurrentMap<String, CompletableFuture<Boolean>> checking = new ConcurrentHashMap<>();

	LoginThrottle(LoginFailures failures, Settings settings, Clock clock) {
		this.failures = failures;
		this.settings = settings;
		this.clock = clock;
	}

	@EventListener
	void failed(AbstractAuthenticationFailureEvent event) {
		Attempt attempt = CHECKING.get();
		if (attempt != null) {
			attempt.outcome = Outcome.FAILED;
		}
	}

	@EventListener
	void succeeded(AuthenticationSuccessEvent event) {
		Attempt attempt = CHECKING.get();
		if (attempt != null) {
			attempt.outcome = Outcome.SUCCEEDED;
		}
	}

	/**
	 * Forgets failures and remembered credentials older than their time, so that neither
	 * grows without end.
	 */
	@Scheduled(fixedDelay = 600_000)
	void forgetOld() {
		failures.forgetOld();
		Instant now = clock.instant();
		remembered.values().removeIf(entry -> !now.isBefore(entry.until()));
	}

	/**
	 * Counts and refuses login attempts before Spring Security checks them; lets every
	 * other request pass.
	 */
	OncePerRequestFilter filter() {
		return new OncePerRequestFilter() {

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				Attempt attempt = attempt(request);
				if (attempt == null) {
					chain.doFilter(request, response);
				}
				else if (attempt.credentials == null) {
					counted(attempt, request, response, chain);
				}
				else {
					basic(attempt, request, response, chain);
				}
			}
		};
	}

	private void basic(Attempt attempt, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isRemembered(attempt)) {
			remembered(attempt, request, response, chain);
			return;
		}
		CompletableFuture<Boolean> mine = new CompletableFuture<>();
		CompletableFuture<Boolean> other = checking.putIfAbsent(attempt.credentials, mine);
		if (other != null) {
			// a script's parallel calls: the first one is checked, the others wait for
			// its answer rather than each take a turn
			if (answer(other) && isRemembered(attempt)) {
				remembered(attempt, request, response, chain);
			}
			else {
				counted(attempt, request, response, chain);
			}
			return;
		}
		try {
			counted(attempt, request, response, chain);
		}
		finally {
			checking.remove(attempt.credentials, mine);
			mine.complete(attempt.outcome == Outcome.SUCCEEDED);
		}
	}

	private void counted(Attempt attempt, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// where right credentials are remembered, a refusal tells right from wrong: it
		// must count, or guessing there would be free
		LoginFailures.Verdict verdict = failures.take(attempt.account, attempt.address,
				hasRememberedAt(attempt.address));
		if (verdict.refused()) {
			tooMany(response, verdict.retryAfter(), verdict.limit());
			return;
		}
		check(attempt, request, response, chain);
		switch (attempt.outcome) {
			case SUCCEEDED -> {
				failures.succeeded(attempt.account, attempt.address);
				remember(attempt);
			}
			case FAILED -> {
				if (verdict.addressFailures() == settings.maxFailures()) {
					log.warn("{} failed admin logins from {}: further attempts from there are refused for {}",
							verdict.addressFailures(), attempt.address, settings.window());
				}
				if (verdict.accountFailures() == settings.accountBackoffAfter()) {
					log.warn(
							"{} failed admin logins on one account within {}, from any addresses: attempts on it are "
									+ "now spaced out, up to {} apart",
							verdict.accountFailures(), settings.window(), settings.accountBackoffMax());
				}
			}
			case UNCHECKED -> failures.giveBack(attempt.account, attempt.address);
		}
	}

	/**
	 * Credentials right a moment ago from this address: not counted, not spaced out, but
	 * refused where the address is blocked.
	 */
	private void remembered(Attempt attempt, HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws ServletException, IOException {
		Duration blocked = failures.blockedFor(attempt.account, attempt.address);
		if (LoginFailures.isPositive(blocked)) {
			tooMany(response, blocked, LoginFailures.Limit.ADDRESS);
			return;
		}
		check(attempt, request, response, chain);
		switch (attempt.outcome) {
			case SUCCEEDED -> remember(attempt);
			case FAILED -> {
				// the password changed since: these credentials are a failure like any
				// other
				remembered.remove(attempt.credentials);
				failures.countFailure(attempt.account, attempt.address);
			}
			case UNCHECKED -> {
			}
		}
	}

	private void check(Attempt attempt, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		CHECKING.set(attempt);
		try {
			chain.doFilter(request, response);
		}
		finally {
			CHECKING.remove();
		}
	}

	private boolean isRemembered(Attempt attempt) {
		Remembered entry = remembered.get(attempt.credentials);
		return entry != null && clock.instant().isBefore(entry.until());
	}

	private boolean hasRememberedAt(String address) {
		Instant now = clock.instant();
		return remembered.values()
			.stream()
			.anyMatch(entry -> entry.address().equals(address) && now.isBefore(entry.until()));
	}

	private void remember(Attempt attempt) {
		if (attempt.credentials != null) {
			remembered.put(attempt.credentials,
					new Remembered(attempt.address, clock.instant().plus(settings.rememberGoodCredentials())));
		}
	}

	private static boolean answer(CompletableFuture<Boolean> check) {
		try {
			return check.get(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException ex) {
			return false;
		}
	}

	private static void tooMany(HttpServletResponse response, Duration wait, LoginFailures.Limit limit)
			throws IOException {
		long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
		String detail = limit == LoginFailures.Limit.ACCOUNT
				? "Too many failed logins on this account. Try again in " + seconds + " seconds."
				: "Too many failed logins from your address. Try again in " + seconds + " seconds.";
		response.setHeader("Retry-After", Long.toString(seconds));
		ProblemResponses.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many failed logins", detail);
	}

	/**
	 * The login attempt the request is, if it is one: Basic credentials, or the admin
	 * login form sent.
	 */
	private static Attempt attempt(HttpServletRequest request) {
		String address = clip(request.getRemoteAddr() == null ? "unknown" : request.getRemoteAddr(), 64);
		String authorization = request.getHeader("Authorization");
		if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return new Attempt(account(basicUser(authorization)), address, digest(address + "\n" + authorization));
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if ("POST".equals(request.getMethod()) && "/admin/login".equals(path)) {
			return new Attempt(account(request.getParameter("username")), address, null);
		}
		return null;
	}

	private static String basicUser(String authorization) {
		try {
			String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
					StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			return colon < 0 ? "" : decoded.substring(0, colon);
		}
		catch (IllegalArgumentException notBase64) {
			return "";
		}
	}

	/** The account as the user store looks it up: case does not make another account. */
	private static String account(String username) {
		return username == null ? "" : clip(username.strip().toLowerCase(Locale.ROOT), 100);
	}

	private static String clip(String text, int length) {
		return text.length() <= length ? text : text.substring(0, length);
	}

	private static String digest(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

}
