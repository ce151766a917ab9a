package dev.glowletter.subscription;

/**
 * How often a reader wants mail, chosen on their preference page: every issue, or only
 * the digest of one cadence (a digest's cadence says which readers besides the EVERY ones
 * its editions reach).
 */
public enum Frequency {

	/** Every campaign and every digest. */
	EVERY("every issue"),
	/** Only the digests whose cadence is weekly. */
	WEEKLY("the weekly digest only"),
	/** Only the digests whose cadence is monthly. */
	MONTHLY("the monthly digest only");

	private final String words;

	Frequency(String words) {
		this.words = words;
	}

	/** The choice in the reader's words, e.g. "the weekly digest only". */
	public String words() {
		return words;
	}

}
