package dev.glowletter.campaign.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.glowletter.campaign.CampaignContent;
import dev.glowletter.campaign.CampaignStatus;
import dev.glowletter.campaign.IllegalTransition;
import dev.glowletter.campaign.internal.Campaign.Transition;
import org.junit.jupiter.api.Test;
import org.springframework.test.util.ReflectionTestUtils;

class CampaignUnitTest {

	private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

	private static Campaign draft() {
		return new Campaign(new CampaignContent("Hello", null, null, "digest", List.of(1L)), "admin", null, NOW);
	}

	private static Campaign sending() {
		Campaign campaign = draft();
		campaign.schedule(NOW, "UTC", NOW);
		// the poller's compare-and-set does SCHEDULED → SENDING in SQL; pause/resume is
		// the entity's way there
		ReflectionTestUtils.setField(campaign, "status", CampaignStatus.SENDING);
		return campaign;
	}

	@Test
	void draftCanBeEditedScheduledAndCancelled() {
		Campaign campaign = draft();
		campaign.edit(new CampaignContent("Changed", null, null, "digest", List.of(2L)), NOW);
		assertThat(campaign.content().subject()).isEqualTo("Changed");
		campaign.schedule(NOW.plusSeconds(60), "Europe/Paris", NOW);
		assertThat(campaign.getStatus()).isEqualTo(CampaignStatus.SCHEDULED);
		campaign.unschedule(NOW);
		assertThat(campaign.getStatus()).isEqualTo(CampaignStatus.DRAFT);
		campaign.cancel(NOW);
		assertThat(campaign.getStatus()).isEqualTo(CampaignStatus.CANCELLED);
	}

	@Test
	void scheduledCampaignCannotBeEdited() {
		Campaign campaign = draft();
		campaign.schedule(NOW, "UTC", NOW);
		assertThatThrownBy(() -> campaign.edit(new CampaignContent("x", null, null, null, List.of()), NOW))
			.isInstanceOf(IllegalTransition.class)
			.hasMessageContaining("is SCHEDULED and cannot be edited");
	}

	@Test
	void sendingCampaignPausesResumesButCannotBeCancelledOrScheduled() {
		Campaign campaign = sending();
		assertThatThrownBy(() -> campaign.cancel(NOW)).isInstanceOf(IllegalTransition.class);
		assertThatThrownBy(() -> campaign.schedule(NOW, "UTC", NOW)).isInstanceOf(IllegalTransition.class);
		campaign.pause("because", NOW);
		assertThat(campaign.getStatus()).isEqualTo(CampaignStatus.PAUSED);
		assertThat(campaign.getStatusReason()).isEqualTo("because");
		campaign.resume(NOW);
		assertThat(campaign.getStatus()).isEqualTo(CampaignStatus.SENDING);
	}

	@Test
	void pausedCampaignCanBeCancelled() {
		Campaign campaign = sending();
		campaign.pause("x", NOW);
		campaign.cancel(NOW);
		assertThat(campaign.getStatus()).isEqualTo(CampaignStatus.CANCELLED);
	}

	@Test
	void onlyAPausedCampaignResumesAndOnlyASendingOnePauses() {
		assertThatThrownBy(() -> draft().resume(NOW)).isInstanceOf(IllegalTransition.class);
		assertThatThrownBy(() -> draft().pause("x", NOW)).isInstanceOf(IllegalTransition.class);
		assertThatThrownBy(() -> draft().unschedule(NOW)).isInstanceOf(IllegalTransition.class);
	}

	@Test
	void cancelledCampaignIsFinal() {
		Campaign campaign = draft();
		campaign.cancel(NOW);
		assertThatThrownBy(() -> campaign.schedule(NOW, "UTC", NOW)).isInstanceOf(IllegalTransition.class);
		assertThatThrownBy(() -> campaign.cancel(NOW)).isInstanceOf(IllegalTransition.class);
		assertThatThrownBy(() -> campaign.edit(campaign.content(), NOW)).isInstanceOf(IllegalTransition.class);
	}

	@Test
	void duplicateIsANewDraftWithTheSameContent() {
		Campaign campaign = sending();
		Campaign copy = campaign.duplicate("someone", NOW);
		assertThat(copy.getStatus()).isEqualTo(CampaignStatus.DRAFT);
		assertThat(copy.content()).isEqualTo(campaign.content());
	}

	/** How this test makes each move the aggregate makes itself. */
	private static final Map<Transition, Consumer<Campaign>> MOVES = new EnumMap<>(
			Map.of(Transition.SCHEDULE, c -> c.schedule(NOW, "UTC", NOW), Transition.UNSCHEDULE, c -> c.unschedule(NOW),
					Transition.PAUSE, c -> c.pause("x", NOW), Transition.RESUME, c -> c.resume(NOW),
					Transition.SEND_AGAIN, c -> c.retryFailed(() -> 1, NOW), Transition.CANCEL, c -> c.cancel(NOW)));

	private static Campaign in(CampaignStatus status) {
		Campaign campaign = draft();
		ReflectionTestUtils.setField(campaign, "status", status);
		return campaign;
	}

	@Test
	void everyMoveTheAggregateMakesIsAllowedFromTheStatusesOfItsTableAndRefusedFromEveryOther() {
		for (Transition move : Transition.values()) {
			if (move.compareAndSet()) {
				// CampaignTransitionsIntegrationTest checks those against the same table
				continue;
			}
			assertThat(MOVES).as("the test knows how to make " + move).containsKey(move);
			for (CampaignStatus from : CampaignStatus.values()) {
				Campaign campaign = in(from);
				if (move.allowsFrom(from)) {
					MOVES.get(move).accept(campaign);
					assertThat(campaign.getStatus()).as(move + " from " + from).isEqualTo(move.to());
					assertThat(campaign.getUpdatedAt()).as(move + " from " + from).isEqualTo(NOW);
				}
				else {
					assertThatThrownBy(() -> MOVES.get(move).accept(campaign)).as(move + " from " + from)
						.isInstanceOf(IllegalTransition.class)
						.hasMessageContaining("is " + from + " and cannot be");
					assertThat(campaign.getStatus()).as(move + " refused from " + from).isEqualTo(from);
				}
			}
		}
	}

	@Test
	void retryIsRefusedBeforeAnyCopyIsQueuedAgainAndLeavesASentCampaignSentWhenNoneFailed() {
		Campaign draft = draft();
		assertThatThrownBy(() -> draft.retryFailed(() -> {
			throw new AssertionError("copies queued again for a draft");
		}, NOW)).isInstanceOf(IllegalTransition.class).hasMessageContaining("is DRAFT and cannot be retried");

		Campaign sent = in(CampaignStatus.SENT);
		sent.retryFailed(() -> 0, NOW);
		assertThat(sent.getStatus()).isEqualTo(CampaignStatus.SENT);
		sent.retryFailed(() -> 2, NOW);
		assertThat(sent.getStatus()).isEqualTo(CampaignStatus.SENDING);
		assertThat(sent.getFinishedAt()).isNull();
	}

	/** A row of the table of moves in Campaign's Javadoc: move, from, to. */
	/**
	 * A row of the moves' table: the move, the statuses it leaves (comma-separated), the
	 * one it reaches.
	 */
	private static final Pattern DOCUMENTED_MOVE = Pattern
		.compile("(?m)^ \\* ([A-Z_]+) +([A-Z]+(?:, [A-Z]+)*) +([A-Z]+) ");

	private static String move(String name, List<String> from, String to) {
		return name + ": " + new TreeSet<>(from) + " -> " + to;
	}

	@Test
	void theTableOfMovesInCampaignsJavadocIsTheOneTheCodeFollows() throws IOException {
		String source = Files.readString(Path.of("src/main/java/dev/glowletter/campaign/internal/Campaign.java"));
		source = source.substring(source.indexOf(" * Move "));
		source = source.substring(0, source.indexOf("</pre>"));
		Set<String> documented = new TreeSet<>();
		Matcher row = DOCUMENTED_MOVE.matcher(source);
		while (row.find()) {
			documented.add(move(row.group(1), Arrays.asList(row.group(2).split(", ")), row.group(3)));
		}
		Set<String> coded = Arrays.stream(Transition.values())
			.map(t -> move(t.name(), t.from().stream().map(Enum::name).toList(), t.to().name()))
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(documented).isEqualTo(coded);
	}

	@Test
	void noSqlButCampaignTransitionsWritesACampaignsStatus() throws IOException {
		Pattern update = Pattern.compile("(?i)\\bUPDATE\\s+campaign\\s");
		List<String> writers;
		try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
			writers = sources.filter(file -> file.toString().endsWith(".java"))
				.filter(file -> update.matcher(read(file)).find())
				.map(file -> file.getFileName().toString())
				.toList();
		}
		assertThat(writers).containsExactly("CampaignTransitions.java");
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
