package dev.glowletter.rendering;

/**
 * Who a newsletter is rendered for. {@code tokenVersion} goes into their unsubscribe
 * link; a sample reader for previews has id 0.
 */
public record Recipient(long subscriberId, String email, String firstName, int tokenVersion) {

	/** The reader previews are rendered for. */
	public static Recipient sample() {
		return new Recipient(0, "reader@example.org", "Sam", 1);
	}
}
