package dev.glowletter.subscription.internal;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How readers join and leave.
 *
 * @param confirmationValidity how long a confirmation link works
 * @param purgeUnconfirmedAfter when a never-confirmed reader is deleted
 * @param mailsPerAddressPerHour how many confirmation (or "already subscribed") mails one
 * address gets in an hour, however often the form is sent for it
 * @param requestsPerIpPerHour how many sign-ups one IP address may send in an hour
 * @param concurrentSignups how many sign-ups are handled at once (each holds a database
 * connection for a few milliseconds); keep it below the connection pool's size. With
 * {@code groupCommit} on, {@code groupSize} are handled at once instead, in groups on one
 * connection each ({@code groupLanes} at most)
 * @param signupsPerSecondWhileSending how many sign-ups are taken per second while this
 * instance sends a campaign, which then keeps most of the machine
 * @param signupQueueWait how long a sign-up beyond those waits for its turn before it is
 * answered 503 with Retry-After: long enough to ride out a pause of the database (the
 * default H2 file holds its writers for a third of a second now and then under load)
 * @param signupQueueWaitWhileSending the same while this instance sends a campaign:
 * longer, so that a flood's senders send fewer requests
 * @param consentText the words the reader agrees to; {@code {list}} stands for the list's
 * name
 * @param consentVersion changes whenever the words do, and is stored with each consent
 * @param goodbyeMail whether a reader who unsubscribes through the page gets one last
 * mail saying so (a one-click unsubscribe from the mailbox never sends one)
 * @param corsOrigins web origins (e.g. https://blog.example.org) allowed to call
 * {@code POST /api/subscriptions} from a browser
 * @param groupCommit whether sign-ups that arrive together share one transaction and its
 * commit, and one query of each kind ({@link SignupGroups}); unset, they do on H2, where
 * each commit writes the changes to the file, and not on PostgreSQL, where grouped
 * sign-ups answered later (p99) and, with the queries H2 needs, no faster
 * (docs/performance.md)
 * @param groupSize with {@code groupCommit} on, the most sign-ups one group stores (one
 * transaction, one commit), and how many are let in at once: a group takes every one of
 * them waiting, and the larger the groups, the fewer the commits
 * @param groupLanes with {@code groupCommit} on, the most groups stored at once, each on
 * a connection of its own: more make them smaller
 */
@Validated
@ConfigurationProperties("glowletter.subscription")
public record SubscriptionProperties(@DefaultValue("48h") Duration confirmationValidity,
		@DefaultValue("7d") Duration purgeUnconfirmedAfter, @DefaultValue("3") @Min(1) int mailsPerAddressPerHour,
		@DefaultValue("20") @Min(1) int requestsPerIpPerHour, @DefaultValue("6") @Min(1) int concurrentSignups,
		@DefaultValue("20") @Min(1) int signupsPerSecondWhileSending, @DefaultValue("1s") Duration signupQueueWait,
		@DefaultValue("1s") Duration signupQueueWaitWhileSending,
		@DefaultValue("Yes, e-mail me the \u201c{list}\u201d newsletter. I can unsubscribe at any time with one "
				+ "click.") @NotBlank String consentText,
		@DefaultValue("1") @NotBlank String consentVersion, @DefaultValue("true") boolean goodbyeMail,
		@DefaultValue List<String> corsOrigins, Boolean groupCommit,
		@DefaultValue("32") @Min(1) @Max(1000) int groupSize, @DefaultValue("2") @Min(1) @Max(64) int groupLanes) {
}
