/**
 * Audience: who a campaign is for. The list's topics (a reader chooses some at sign-up,
 * none meaning everything; a campaign is for some, none meaning everyone), custom fields
 * (what the list knows of each reader, e.g. their skin type), and segments, saved filters
 * over the readers compiled to parameterised SQL. Its API is
 * {@link dev.glowletter.audience.Topics}, {@link dev.glowletter.audience.Fields} and
 * {@link dev.glowletter.audience.Segments}; it implements subscription's
 * {@link dev.glowletter.subscription.ReaderTopics} and
 * {@link dev.glowletter.subscription.ReaderFields}, and delivery's
 * {@link dev.glowletter.delivery.CampaignAudiences} and
 * {@link dev.glowletter.delivery.RecipientFields}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audience")
package dev.glowletter.audience;
