package dev.glowletter;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;

/**
 * The settings every module shares: where links point, the list as readers see it, and
 * who sends. Environment variables bind by Spring's relaxed rules, e.g.
 * {@code GLOWLETTER_BASE_URL}.
 */
@Validated
@ConfigurationProperties("glowletter")
public record GlowletterProperties(@NotBlank(
		message = "must be the public URL readers reach the service at; set GLOWLETTER_BASE_URL, e.g. https://news.example.org") @Pattern(
				regexp = "https?://[^\\s/?#]+(/[^\\s?#]*)?",
				message = "must be an http(s) URL without query, e.g. https://news.example.org; set GLOWLETTER_BASE_URL") String baseUrl,
		@Valid @NotNull MailingList list, @Valid @NotNull Sender sender) {

	public GlowletterProperties {
		if (baseUrl != null && baseUrl.endsWith("/")) {
			baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
		}
	}

	/** The link to a path of this service, as readers see it. */
	public String link(String path) {
		return baseUrl + path;
	}

	/**
	 * The list as readers see it ({@code glowletter.list.*}): named in footers and the
	 * List-Id header. Its time zone ({@code glowletter.list.time-zone}, default UTC) is
	 * the one the admin pages start from when scheduling, and so the time of readers who
	 * gave none. Its language ({@code glowletter.list.locale}, default {@code en}) is the
	 * one of the reader pages and the reader e-mails: one of {@link #LANGUAGES}.
	 */
	public record MailingList(@NotBlank(message = "must name the list; set GLOWLETTER_LIST_NAME") String name,
			String description, String timeZone, Locale locale) {

		/** The languages the reader pages and e-mails are written in. */
		public static final List<String> LANGUAGES = List.of("en", "de", "fr", "es");

		/** A list in English. */
		public MailingList(String name, String description, String timeZone) {
			this(name, description, timeZone, null);
		}

		@ConstructorBinding
		public MailingList {
			if (locale == null || locale.getLanguage().isEmpty()) {
				locale = Locale.ENGLISH;
			}
			if (!LANGUAGES.contains(locale.getLanguage())) {
				throw new IllegalArgumentException("glowletter.list.locale: \"" + locale.toLanguageTag()
						+ "\" is not a language the reader pages and e-mails are written in; use one of "
						+ String.join(", ", LANGUAGES) + " (or set GLOWLETTER_LIST_LOCALE)");
			}
			if (timeZone == null || timeZone.isBlank()) {
				timeZone = "UTC";
			}
			try {
				timeZone = ZoneId.of(timeZone.strip()).getId();
			}
			catch (DateTimeException ex) {
				throw new IllegalArgumentException("glowletter.list.time-zone: \"" + timeZone
						+ "\" is not a time zone of the tz database; use a name such as Europe/Paris (or "
						+ "set GLOWLETTER_LIST_TIME_ZONE)");
			}
		}
	}

	public record Sender(
			@NotBlank(message = "must be the From address; set GLOWLETTER_SENDER_FROM, e.g. news@example.org") @Email(
					message = "must be an e-mail address; "
							+ "set GLOWLETTER_SENDER_FROM, e.g. news@example.org") String from,
			String name,
			@NotBlank(message = "must be the sender's postal address printed in every e-mail footer (anti-spam laws "
					+ "require it); set GLOWLETTER_SENDER_POSTAL_ADDRESS") String postalAddress) {

		/** The domain of the From address: Message-IDs and List-Id are made on it. */
		public String domain() {
			return from.substring(from.lastIndexOf('@') + 1);
		}
	}
}
