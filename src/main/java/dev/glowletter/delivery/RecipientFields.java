package dev.glowletter.delivery;

import java.util.Collection;
import java.util.Map;

/**
 * The port through which the campaign senders get the custom field values of a batch's
 * readers, for templates to read as {@code subscriber.fields.skinType}: the audience
 * module implements it. Without an implementation, readers have no values.
 */
public interface RecipientFields {

	/**
	 * The readers' values (key to value, as templates show them), in one query; readers
	 * without any are left out.
	 */
	Map<Long, Map<String, String>> valuesOf(Collection<Long> subscriberIds);

}
