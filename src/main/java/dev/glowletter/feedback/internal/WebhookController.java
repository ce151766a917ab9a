package dev.glowletter.feedback.internal;

import java.time.Clock;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import dev.glowletter.feedback.internal.FeedbackIntake.Outcome;
import dev.glowletter.feedback.internal.FeedbackLedger.Source;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The providers' bounce and complaint webhooks. Each call is verified before anything
 * changes (credentials, signature, timestamp, replay, topic), then each event is
 * processed once. A webhook whose settings are unset answers 404; a refused call answers
 * 400, 401, 403 or 413 with a WARN that names the provider and the reason, never the
 * body.
 */
@RestController
class WebhookController {

	private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

	private final FeedbackIntake intake;

	private final FeedbackProperties.Webhooks settings;

	private final SnsCertificates certificates;

	private final Clock clock;

	WebhookController(FeedbackIntake intake, FeedbackProperties properties, SnsCertificates certificates, Clock clock) {
		this.intake = intake;
		this.settings = properties.webhooks();
		this.certificates = certificates;
		this.clock = clock;
	}

	/** What a call did: how many events it held, and what became of them. */
	record Processed(int events, Map<Outcome, Integer> outcomes) {
	}

	@PostMapping("/webhooks/postmark")
	ResponseEntity<?> postmark(@RequestHeader(name = "Authorization", required = false) String authorization,
			@RequestBody(required = false) byte[] body) {
		if (!settings.postmark().configured()) {
			return notSetUp();
		}
		return ResponseEntity.ok(process(Source.POSTMARK, PostmarkWebhook.read(authorization, orEmpty(body),
				settings.postmark().username(), settings.postmark().password())));
	}

	@PostMapping("/webhooks/mailgun")
	ResponseEntity<?> mailgun(@RequestBody(required = false) byte[] body) {
		if (!settings.mailgun().configured()) {
			return notSetUp();
		}
		MailgunWebhook.Verified verified = MailgunWebhook.read(orEmpty(body), settings.mailgun().signingKey(), clock);
		List<Outcome> outcomes = intake.mailgun(verified);
		if (outcomes == null) {
			throw WebhookRefused.notAccepted("this signature's token was used before (a replay)");
		}
		return ResponseEntity.ok(summary(outcomes));
	}

	@PostMapping("/webhooks/sendgrid")
	ResponseEntity<?> sendgrid(
			@RequestHeader(name = "X-Twilio-Email-Event-Webhook-Signature", required = false) String signature,
			@RequestHeader(name = "X-Twilio-Email-Event-Webhook-Timestamp", required = false) String timestamp,
			@RequestBody(required = false) byte[] body) {
		if (!settings.sendgrid().configured()) {
			return notSetUp();
		}
		return ResponseEntity.ok(process(Source.SENDGRID,
				SendGridWebhook.read(signature, timestamp, orEmpty(body), settings.sendgrid().publicKey(), clock)));
	}

	@PostMapping("/webhooks/ses")
	ResponseEntity<?> ses(@RequestBody(required = false) byte[] body) {
		if (!settings.ses().configured()) {
			return notSetUp();
		}
		SesWebhook.SnsMessage message = SesWebhook.verify(orEmpty(body), new HashSet<>(settings.ses().topicArns()),
				certificates, clock);
		switch (message.type()) {
			case SUBSCRIPTION_CONFIRMATION -> {
				certificates.confirm(message.subscribeUrl());
				log.info("Confirmed the SNS subscription of topic {}", message.topicArn());
				return ResponseEntity.ok(new Processed(0, Map.of()));
			}
			case UNSUBSCRIBE_CONFIRMATION -> {
				log.warn("SNS says the subscription of topic {} ended: no more bounces from SES will come until it "
						+ "is subscribed again", message.topicArn());
				return ResponseEntity.ok(new Processed(0, Map.of()));
			}
			default -> {
				return ResponseEntity.ok(process(Source.SES, message.events()));
			}
		}
	}

	private Processed process(Source source, List<ProviderEvent> events) {
		return summary(events.stream().map(event -> intake.providerEvent(source, event)).toList());
	}

	private static Processed summary(List<Outcome> outcomes) {
		Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
		outcomes.forEach(outcome -> counts.merge(outcome, 1, Integer::sum));
		return new Processed(outcomes.size(), counts);
	}

	private static byte[] orEmpty(byte[] body) {
		return body == null ? new byte[0] : body;
	}

	private static ResponseEntity<ProblemDetail> notSetUp() {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "This webhook is not set up."));
	}

	@ExceptionHandler(WebhookRefused.class)
	ResponseEntity<ProblemDetail> refused(WebhookRefused refused, HttpServletRequest request) {
		log.warn("Refused a call to {} from {}: {}", request.getRequestURI(), request.getRemoteAddr(),
				refused.getMessage());
		HttpStatus status = HttpStatus.valueOf(refused.status());
		return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, refused.getMessage()));
	}

}
