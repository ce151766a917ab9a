package dev.glowletter.subscription;

/** Where a subscription came from. */
public enum ConsentSource {

	FORM, API, EMBED, IMPORT

}
