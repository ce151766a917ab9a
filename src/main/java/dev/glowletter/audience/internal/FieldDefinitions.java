package dev.glowletter.audience.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The custom fields as segments need them (table {@code field}, V16): a key's id, kind,
 * choices and longest value. Read with SQL here so that segments depend on the schema,
 * not on the fields' own facade.
 */
@Component
public class FieldDefinitions {

	/** The longest text a value column takes. */
	static final int MAX_TEXT = 500;

	/** One field: {@code kind} is TEXT, NUMBER, DATE or CHOICE. */
	public record Definition(long id, String key, String label, String kind, List<String> choices, int maxLength) {
	}

	private final JdbcClient jdbc;

	FieldDefinitions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Definition> byKey(String key) {
		return jdbc.sql("SELECT id, field_key, label, kind, choices, max_length FROM field WHERE field_key = ?")
			.param(key)
			.query((rs, row) -> definition(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), (Integer) rs.getObject(6)))
			.optional();
	}

	/** Every field, in the order the admin set. */
	public List<Definition> all() {
		return jdbc
			.sql("SELECT id, field_key, label, kind, choices, max_length FROM field ORDER BY position, field_key")
			.query((rs, row) -> definition(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), (Integer) rs.getObject(6)))
			.list();
	}

	private static Definition definition(long id, String key, String label, String kind, String choices,
			Integer maxLength) {
		List<String> options = choices == null ? List.of()
				: Arrays.stream(choices.split("\\R")).map(String::strip).filter(c -> !c.isEmpty()).toList();
		int longest = maxLength == null || maxLength <= 0 || maxLength > MAX_TEXT ? MAX_TEXT : maxLength;
		return new Definition(id, key, label, kind, options, longest);
	}

}
