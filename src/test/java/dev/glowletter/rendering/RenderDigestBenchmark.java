package dev.glowletter.rendering;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToLongFunction;

import dev.glowletter.rendering.internal.EmailTemplates;
import dev.glowletter.rendering.internal.RenderingProperties;

/**
 * Not a test: how long rendering a 5-excerpt digest for one recipient takes (subject,
 * HTML and text, as {@link Newsletters#preview}), composing the full MIME message, and
 * composing it the way campaigns do ({@link PreparedNewsletter}: rendered once, filled in
 * per reader); and a reader's confirmation mail composed in full and filled in from its
 * shape ({@link PreparedMails}), as a String and as the bytes the outbox sender sends.
 * Run by {@code bench/render-digest}; figures go to docs/performance.md.
 */
public final class RenderDigestBenchmark {

	private RenderDigestBenchmark() {
	}

	public static void main(String[] args) {
		int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
		Newsletters newsletters = NewsletterFixtures.newsletters();
		NewsletterContent digest = NewsletterFixtures.digest();
		Recipient[] recipients = new Recipient[1024];
		for (int i = 0; i < recipients.length; i++) {
			recipients[i] = new Recipient(i + 1, "reader" + i + "@example.org", i % 3 == 0 ? null : "Reader" + i, 1);
		}
		System.out.printf(Locale.ROOT, "digest: 5 excerpts, HTML %d bytes%n",
				newsletters.preview(digest, recipients[0]).html().length());
		measure("render (subject + HTML + text)", seconds,
				i -> newsletters.preview(digest, recipients[i & 1023]).html().length());
		measure("compose (render + MIME message)", seconds,
				i -> newsletters.compose(digest, recipients[i & 1023], null).mime().length());
		PreparedNewsletter prepared = newsletters.prepare(digest, "https://news.example.org/view/abc");
		measure("prepared compose (campaign path)", seconds,
				i -> prepared.compose(recipients[i & 1023]).mime().length());
		Email[] confirmations = new Email[1024];
		for (int i = 0; i < confirmations.length; i++) {
			Recipient reader = recipients[i];
			Map<String, Object> subscriber = new HashMap<>();
			subscriber.put("email", reader.email());
			if (reader.firstName() != null) {
				subscriber.put("firstName", reader.firstName());
			}
			subscriber.put("fields", Map.of());
			confirmations[i] = new Email(reader.email(), reader.firstName(), "Please confirm", "confirm",
					Map.of("subscriber", subscriber, "confirmUrl", "https://news.example.org/confirm/token" + i,
							"validHours", 48),
					null);
		}
		MessageComposer full = readerMailComposer(Duration.ZERO);
		measure("confirmation, rendered in full", seconds, i -> full.compose(confirmations[i & 1023]).mime().length());
		MessageComposer filled = readerMailComposer(Duration.ofSeconds(2));
		measure("confirmation, filled in", seconds, i -> filled.compose(confirmations[i & 1023]).mime().length());
		measure("confirmation, filled in, as the outbox sender's bytes", seconds,
				i -> filled.composeMime(confirmations[i & 1023], "<b@example.org>").length);
	}

	/**
	 * A composer of reader mails: one that keeps their shapes, or (an update delay of 0)
	 * renders each in full.
	 */
	private static MessageComposer readerMailComposer(Duration updateDelay) {
		try {
			return new MessageComposer(
					new EmailTemplates(
							new RenderingProperties("email-templates", updateDelay, null, null, "email", null)),
					NewsletterFixtures.properties(), Clock.systemUTC());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void measure(String name, int seconds, IntToLongFunction work) {
		long sink = 0;
		long warmupEnd = System.nanoTime() + 3_000_000_000L;
		int i = 0;
		while (System.nanoTime() < warmupEnd) {
			sink += work.applyAsLong(i++);
		}
		for (int round = 1; round <= 3; round++) {
			long count = 0;
			long start = System.nanoTime();
			long end = start + seconds * 1_000_000_000L;
			long now;
			do {
				for (int k = 0; k < 100; k++) {
					sink += work.applyAsLong(i++);
				}
				count += 100;
				now = System.nanoTime();
			}
			while (now < end);
			System.out.printf(Locale.ROOT, "%-34s round %d: %8.1f us/op  (%d ops in %.1f s)%n", name, round,
					(now - start) / 1000.0 / count, count, (now - start) / 1e9);
		}
		if (sink == 42) {
			System.out.println();
		}
	}

}
