package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.delivery.Outbox;
import dev.glowletter.delivery.SentArticles;
import dev.glowletter.engagement.Clicks;
import dev.glowletter.rendering.SignedLinks;
import dev.glowletter.subscription.internal.AddressLocks;
import dev.glowletter.subscription.internal.Consents;
import dev.glowletter.subscription.internal.ReaderMails;
import dev.glowletter.subscription.internal.Subscriber;
import dev.glowletter.subscription.internal.SubscriberEvents;
import dev.glowletter.subscription.internal.Subscribers;
import dev.glowletter.subscription.internal.SubscriptionProperties;
import dev.glowletter.subscription.internal.Suppressions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * A sign-up asks the outbox the same counts (the mails of the hour, the mail of the
 * minute, in one query) whatever the address's state, a new one included, and nothing
 * else of it: a state that skipped or added a query would answer in a time of its own
 * (see {@code bench/signup-timing}).
 */
class SignupQueriesUnitTest {

	private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

	private static final EmailAddress EMAIL = EmailAddress.parse("rosa@example.org");

	@Test
	void newAddressAsksTheCountsToo() {
		assertThat(countsAsked(null)).isEqualTo(1);
	}

	@Test
	void pendingReaderIsAskedTheSameCounts() {
		assertThat(countsAsked(subscriber -> {
		})).isEqualTo(1);
	}

	@Test
	void confirmedReaderIsAskedTheSameCounts() {
		assertThat(countsAsked(subscriber -> subscriber.confirm(NOW.minusSeconds(3600)))).isEqualTo(1);
	}

	@Test
	void unsubscribedReaderIsAskedTheSameCounts() {
		assertThat(countsAsked(subscriber -> {
			subscriber.confirm(NOW.minusSeconds(7200));
			subscriber.unsubscribe("complaint", NOW.minusSeconds(3600));
		})).isEqualTo(1);
	}

	@Test
	void bouncedReaderIsAskedTheSameCounts() {
		assertThat(countsAsked(subscriber -> {
			subscriber.confirm(NOW.minusSeconds(7200));
			subscriber.bounce(NOW.minusSeconds(3600));
		})).isEqualTo(1);
	}

	/**
	 * Signs up {@link #EMAIL}, unknown ({@code state} null) or known in the state the
	 * consumer puts a fresh reader in; returns how many counts the outbox was asked.
	 */
	@SuppressWarnings("unchecked")
	private static long countsAsked(Consumer<Subscriber> state) {
		Subscribers subscribers = mock(Subscribers.class);
		Outbox outbox = mock(Outbox.class);
		when(outbox.countRecent(anyLong(), anyCollection(), any(), any(), any()))
			.thenReturn(new Outbox.RecentMails(0, 0));
		GlowletterProperties glowletter = mock(GlowletterProperties.class, RETURNS_DEEP_STUBS);
		when(glowletter.list().name()).thenReturn("News");
		if (state == null) {
			when(subscribers.lockByEmailKey(EMAIL.key())).thenReturn(Optional.empty());
		}
		else {
			Subscriber reader = new Subscriber(EMAIL, "Rosa", NOW.minusSeconds(86_400));
			reader.requestConfirmation("hash", NOW.plusSeconds(86_400), NOW.minusSeconds(86_400));
			ReflectionTestUtils.setField(reader, "id", 7L);
			state.accept(reader);
			when(subscribers.lockByEmailKey(EMAIL.key())).thenReturn(Optional.of(reader));
		}
		when(subscribers.saveAndFlush(any())).then(invocation -> {
			// as the database does: a new reader has its id once inserted
			Subscriber inserted = invocation.getArgument(0);
			ReflectionTestUtils.setField(inserted, "id", 8L);
			return inserted;
		});
		SubscriptionProperties properties = new SubscriptionProperties(Duration.ofHours(48), Duration.ofDays(7), 3, 20,
				6, 20, Duration.ofMillis(250), Duration.ofSeconds(1), "Yes, e-mail me {list}.", "1", true, List.of(),
				null, 32, 2);
		Subscriptions subscriptions = new Subscriptions(subscribers, mock(AddressLocks.class), mock(Consents.class),
				mock(SubscriberEvents.class), mock(Suppressions.class), mock(ReaderMails.class), outbox,
				mock(SignedLinks.class), properties, glowletter, Clock.fixed(NOW, ZoneOffset.UTC),
				mock(ObjectProvider.class), mock(ObjectProvider.class), mock(SentArticles.class), mock(Clicks.class),
				mock(ApplicationEventPublisher.class));

		subscriptions.subscribe(
				new SubscribeRequest(EMAIL, "Rosa", ConsentSource.API, "192.0.2.1", "test", List.of(), Map.of(), null));

		// the reader's mails, or for a new address those of no reader
		verify(outbox, times(1)).countRecent(eq(state == null ? Outbox.NO_READER : 7L), anyCollection(),
				eq(NOW.minusSeconds(3600)), any(), eq(NOW.minusSeconds(60)));
		return mockingDetails(outbox).getInvocations()
			.stream()
			.filter(invocation -> invocation.getMethod().getName().startsWith("count"))
			.count();
	}

}
