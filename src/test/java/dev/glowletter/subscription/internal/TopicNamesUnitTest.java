package dev.glowletter.subscription.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TopicNamesUnitTest {

	private final TopicNames names = new TopicNames(
			Map.of("Hair", 1L, "Skin care", 2L, "Tips; tricks", 3L, "-Sale", 4L, "Tips", 5L));

	@Test
	void namesAreSeparatedBySemicolonsInAnyCaseWithBlanksAndEmptyNamesIgnored() {
		TopicNames.Read read = names.read(" skin CARE ;hair;; ");

		assertThat(read.topicIds()).containsExactly(2L, 1L);
		assertThat(read.unknown()).isEmpty();
	}

	@Test
	void anEmptyCellNamesNoTopic() {
		assertThat(names.read("").topicIds()).isEmpty();
		assertThat(names.read("").unknown()).isEmpty();
	}

	@Test
	void aNameThatIsNoTopicIsReportedAndTheOthersAreStillFound() {
		TopicNames.Read read = names.read("Hair; Nails; Make-up");

		assertThat(read.topicIds()).containsExactly(1L);
		assertThat(read.unknown()).containsExactly("Nails", "Make-up");
	}

	@Test
	void aCommaIsPartOfANameNotASeparator() {
		TopicNames.Read read = names.read("Hair, Skin care");

		assertThat(read.topicIds()).isEmpty();
		assertThat(read.unknown()).containsExactly("Hair, Skin care");
	}

	@Test
	void aNameHoldingASemicolonIsFoundWholeBeforeItsParts() {
		assertThat(names.read("Tips; tricks; Hair").topicIds()).containsExactly(3L, 1L);
		assertThat(names.read("Hair; Tips").topicIds()).containsExactly(1L, 5L);
	}

	@Test
	void theApostropheTheExportPutsBeforeAFormulaLikeCellIsTakenOff() {
		assertThat(names.read("'-Sale; Hair").topicIds()).containsExactly(4L, 1L);
		assertThat(names.read("'Hair").unknown()).containsExactly("'Hair");
	}

	@Test
	void aTopicNamedTwiceCountsOnce() {
		assertThat(names.read("Hair; HAIR").topicIds()).containsExactly(1L);
	}

}
