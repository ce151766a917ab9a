package dev.glowletter.audience;

import java.time.Instant;

/** A saved filter over the readers, to send campaigns and digests to. */
public record Segment(long id, String name, String description, SegmentFilter filter, Instant createdAt,
		Instant updatedAt) {
}
