package dev.glowletter.rendering;

import java.util.Map;

/**
 * Who a newsletter is rendered for. {@code tokenVersion} goes into their unsubscribe
 * link; a sample reader for previews has id 0.
 *
 * @param fields the reader's custom field values, key to value as templates show them
 * ({@code subscriber.fields.skinType}); a field without a value is left out. Not copied:
 * the caller does not change it afterwards.
 * @param copyId the campaign copy this is (its delivery): its links to articles go
 * through the click tracker, naming it; 0: the links go straight to the articles
 * @param campaignId the campaign of the copy, named in its tracked links with the reader,
 * so that the tracker answers from the link alone
 */
public record Recipient(long subscriberId, String email, String firstName, int tokenVersion, Map<String, String> fields,
		long copyId, long campaignId) {

	public Recipient {
		fields = fields == null ? Map.of() : fields;
	}

	/** A reader whose links are not tracked. */
	public Recipient(long subscriberId, String email, String firstName, int tokenVersion, Map<String, String> fields) {
		this(subscriberId, email, firstName, tokenVersion, fields, 0, 0);
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
