package dev.glowletter.audience.internal;

import dev.glowletter.audience.SegmentFilter;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** A segment's filter as the JSON text of the column {@code segment.filter}. */
@Component
public class StoredFilters {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public String write(SegmentFilter filter) {
		return JSON.writeValueAsString(filter);
	}

	public SegmentFilter read(String json) {
		return JSON.readValue(json, SegmentFilter.class);
	}

}
