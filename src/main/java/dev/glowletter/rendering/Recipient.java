package dev.glowletter.rendering;

import java.util.Map;

/**
 * Who a newsletter is rendered for. {@code tokenVersion} goes into their unsubscribe
 * link; a sample reader for previews has id 0.
 *
 * @param fields the reader's custom field values, key to value as templates show them
 * ({@code subscriber.fields.skinType}); a field without a value is left out. Not copied:
 * the caller does not change it afterwards.
 */
public record Recipient(long subscriberId, String email, String firstName, int tokenVersion,
		Map<String, String> fields) {

	public Recipient {
		fields = fields == null ? Map.of() : fields;
	}

	/** A reader without custom field values. */
	public Recipient(long subscriberId, String email, String firstName, int tokenVersion) {
		this(subscriberId, email, firstName, tokenVersion, Map.of());
	}

	/** The reader previews are rendered for. */
	public static Recipient sample() {
		return new Recipient(0, "reader@example.org", "Sam", 1);
	}
}
