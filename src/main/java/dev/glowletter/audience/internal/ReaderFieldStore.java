package dev.glowletter.audience.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.glowletter.audience.Fields;
import dev.glowletter.delivery.RecipientFields;
import dev.glowletter.subscription.ReaderFields;
import org.springframework.stereotype.Component;

/**
 * The custom fields as the sign-up, the import and the exports (subscription's port) and
 * the campaign senders (delivery's port) reach them.
 */
@Component
class ReaderFieldStore implements ReaderFields, RecipientFields {

	private final Fields fields;

	ReaderFieldStore(Fields fields) {
		this.fields = fields;
	}

	@Override
	public List<Definition> defined() {
		return fields.list()
			.stream()
			.map(f -> new Definition(f.key(), f.label(), f.kind().name(), f.choices(), f.maxLength(), f.required(),
					f.onSignup()))
			.toList();
	}

	@Override
	public Map<String, String> signupProblems(Map<String, String> values) {
		return fields.problems(values, Fields.Purpose.SIGNUP);
	}

	@Override
	public Map<String, String> importProblems(Map<String, String> values) {
		return fields.problems(values, Fields.Purpose.IMPORT);
	}

	@Override
	public Function<Map<String, String>, Map<String, String>> importChecker() {
		return fields.checker(Fields.Purpose.IMPORT);
	}

	@Override
	public Map<String, String> values(long subscriberId) {
		return fields.valuesOf(subscriberId);
	}

	@Override
	public Map<Long, Map<String, String>> values(Collection<Long> subscriberIds) {
		return fields.valuesOf(subscriberIds);
	}

	@Override
	public Map<Long, Map<String, String>> valuesOf(Collection<Long> subscriberIds) {
		return fields.valuesOf(subscriberIds);
	}

	@Override
	public void store(long subscriberId, Map<String, String> values) {
		fields.store(subscriberId, values, Fields.Purpose.IMPORT);
	}

	@Override
	public void storeAll(Map<Long, Map<String, String>> valuesBySubscriber) {
		fields.storeAll(valuesBySubscriber, Fields.Purpose.IMPORT);
	}

}
