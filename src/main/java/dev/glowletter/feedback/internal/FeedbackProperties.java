package dev.glowletter.feedback.internal;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Glowletter hears back from the mail systems ({@code glowletter.bounce.*}).
 *
 * @param address the bounce address: set, every message goes out with its own envelope
 * sender made from it ({@code bounces+<signed copy>@domain}, VERP), so that a bounce
 * names its reader and campaign; unset, the envelope sender is the From address (with the
 * embedded capture server and no mailbox set, a local bounce address is used)
 * @param softBounceLimit soft bounces on this many distinct sends within
 * {@code softBounceWindow} make the reader bounced
 * @param softBounceWindow how far back soft bounces count
 * @param mailbox the mailbox the bounce address delivers to, polled for reports
 * @param webhooks the providers' webhooks; each answers 404 until its settings are set
 */
@Validated
@ConfigurationProperties("glowletter.bounce")
public record FeedbackProperties(@Email(
		message = "must be an e-mail address; set GLOWLETTER_BOUNCE_ADDRESS, e.g. bounces@news.example.org") @Pattern(
				regexp = "[^+]*",
				message = "must have no '+' (it is added per message); set GLOWLETTER_BOUNCE_ADDRESS, e.g. "
						+ "bounces@news.example.org") String address,
		@DefaultValue("3") @Min(1) int softBounceLimit, @DefaultValue("30d") @DurationMin(hours = 1,
				message = "must be at least 1h; set GLOWLETTER_BOUNCE_SOFT_BOUNCE_WINDOW, e.g. 30d") //
		Duration softBounceWindow, @Valid @NotNull @DefaultValue Mailbox mailbox,
		@Valid @NotNull @DefaultValue Webhooks webhooks) {

	/**
	 * The bounce mailbox ({@code glowletter.bounce.mailbox.*}); polled when its host is
	 * set.
	 *
	 * @param protocol {@code imaps}, {@code imap} or {@code pop3s} (also {@code pop3}, on
	 * a trusted network only)
	 * @param host the mail server; unset, no mailbox is polled
	 * @param port its port; 0 is the protocol's usual one
	 * @param user the login
	 * @param password the password
	 * @param folder the folder reports arrive in (POP3 has only INBOX)
	 * @param pollInterval how often it is read
	 * @param processed what becomes of a processed mail: {@code move} to
	 * {@code processedFolder} (IMAP) or {@code delete}; POP3 always deletes
	 * @param processedFolder where processed mails go, made when missing
	 * @param maxPerPoll the most mails one poll reads; the rest wait for the next
	 */
	public record Mailbox(@DefaultValue("imaps") @Pattern(regexp = "imaps|imap|pop3s|pop3",
			message = "must be imaps, imap, pop3s or pop3; set GLOWLETTER_BOUNCE_MAILBOX_PROTOCOL") String protocol,
			String host, @DefaultValue("0") @Min(0) int port, String user, String password,
			@DefaultValue("INBOX") String folder, @DefaultValue("1m") Duration pollInterval,
			@DefaultValue("move") @Pattern(regexp = "move|delete",
					message = "must be move or delete; set GLOWLETTER_BOUNCE_MAILBOX_PROCESSED") String processed,
			@DefaultValue("Processed") String processedFolder, @DefaultValue("2000") @Min(1) int maxPerPoll) {

		public boolean configured() {
			return host != null && !host.isBlank();
		}

	}

	/** The providers' webhooks ({@code glowletter.bounce.webhooks.*}). */
	public record Webhooks(@Valid @NotNull @DefaultValue Postmark postmark,
			@Valid @NotNull @DefaultValue Mailgun mailgun, @Valid @NotNull @DefaultValue SendGrid sendgrid,
			@Valid @NotNull @DefaultValue Ses ses) {
	}

	/** HTTP Basic credentials Postmark's webhook is set up to send. */
	public record Postmark(String username, String password) {

		public boolean configured() {
			return username != null && !username.isBlank() && password != null && !password.isBlank();
		}

	}

	/** Mailgun's HTTP webhook signing key. */
	public record Mailgun(String signingKey) {

		public boolean configured() {
			return signingKey != null && !signingKey.isBlank();
		}

	}

	/**
	 * The public key of SendGrid's signed event webhook (base64, as SendGrid shows it).
	 */
	public record SendGrid(String publicKey) {

		public boolean configured() {
			return publicKey != null && !publicKey.isBlank();
		}

	}

	/** The SNS topics (ARNs) whose notifications of Amazon SES are accepted. */
	public record Ses(@DefaultValue List<String> topicArns) {

		public boolean configured() {
			return topicArns != null && !topicArns.isEmpty();
		}

	}

}
