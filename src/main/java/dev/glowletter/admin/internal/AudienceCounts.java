package dev.glowletter.admin.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.glowletter.audience.Segments;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The live count the campaign and digest editors show under "Who it is for": how many
 * readers a campaign for everyone, for some topics or for a segment would reach now
 * (confirmed, not pausing). The editors' script asks it as the admin changes the target.
 */
@Controller
class AudienceCounts {

	private final Segments segments;

	AudienceCounts(Segments segments) {
		this.segments = segments;
	}

	@GetMapping("/admin/audience/count")
	@ResponseBody
	Map<String, Object> count(@RequestParam(defaultValue = "everyone") String target,
			@RequestParam(required = false) List<String> topicIds, @RequestParam(required = false) String segmentId) {
		List<Long> topics = new ArrayList<>();
		for (String id : topicIds == null ? List.<String>of() : topicIds) {
			if (id.matches("\\d{1,18}")) {
				topics.add(Long.valueOf(id));
			}
		}
		Long segment = segmentId != null && segmentId.matches("\\d{1,18}") ? Long.valueOf(segmentId) : null;
		return Map.of("text", describe(segments, target, topics, segment));
	}

	/** The count in words, e.g. "1,204 readers would get it now." */
	static String describe(Segments segments, String target, List<Long> topicIds, Long segmentId) {
		int readers;
		switch (target == null ? "" : target) {
			case "segment" -> {
				if (segmentId == null || !segments.exists(segmentId)) {
					return "Pick a segment to see how many readers it reaches.";
				}
				readers = segments.count(segmentId);
			}
			case "topics" -> readers = segments.countForTopics(topicIds);
			default -> readers = segments.countForTopics(List.of());
		}
		return String.format(Locale.ENGLISH, "%,d reader%s would get it now.", readers, readers == 1 ? "" : "s");
	}

}
