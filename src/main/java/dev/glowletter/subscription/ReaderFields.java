package dev.glowletter.subscription;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The port through which the sign-up, the import, the export and the reader's data export
 * reach the list's custom fields and each reader's values: the audience module implements
 * it. Without an implementation there are no fields, and any value sent is unknown.
 * Values are text as templates show them ({@code "Oily"}, {@code "3.5"},
 * {@code "1990-04-23"}); a problem names its field as {@code fields.<key>}, keys that
 * name no field as {@code fields}.
 */
public interface ReaderFields {

	/**
	 * A field as a form shows it.
	 *
	 * @param kind TEXT, NUMBER, DATE or CHOICE
	 * @param choices a CHOICE field's values, in order
	 * @param maxLength a TEXT field's longest value
	 */
	record Definition(String key, String label, String kind, List<String> choices, Integer maxLength, boolean required,
			boolean onSignup) {
	}

	/** Every field, in its order. */
	List<Definition> defined();

	/**
	 * What is wrong with the values a sign-up form sent: only the fields it shows exist,
	 * and their required ones must be filled in. Empty when all is well.
	 */
	Map<String, String> signupProblems(Map<String, String> values);

	/**
	 * What is wrong with one row of an import (its mapped columns): any field, a required
	 * one must not be blank. Empty when all is well.
	 */
	Map<String, String> importProblems(Map<String, String> values);

	/**
	 * {@link #importProblems} with the fields read once, for the many rows of one import.
	 */
	default Function<Map<String, String>, Map<String, String>> importChecker() {
		return this::importProblems;
	}

	/** The reader's values, key to value, in the fields' order. */
	Map<String, String> values(long subscriberId);

	/** The readers' values in one query; readers without any are left out. */
	Map<Long, Map<String, String>> values(Collection<Long> subscriberIds);

	/**
	 * Stores checked values in the caller's transaction: a blank one removes the reader's
	 * value, fields not named keep theirs.
	 */
	void store(long subscriberId, Map<String, String> values);

	/** {@link #store} for many readers at once, in batches. */
	void storeAll(Map<Long, Map<String, String>> valuesBySubscriber);

}
