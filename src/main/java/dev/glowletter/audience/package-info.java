/**
 * Audience: who a campaign is for. The list's topics (a reader chooses some at sign-up,
 * none meaning everything; a campaign is for some, none meaning everyone), and segments,
 * saved filters over the readers compiled to parameterised SQL. Its API is
 * {@link dev.glowletter.audience.Topics} and {@link dev.glowletter.audience.Segments}; it
 * implements subscription's {@link dev.glowletter.subscription.ReaderTopics} and
 * delivery's {@link dev.glowletter.delivery.CampaignAudiences}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audience")
package dev.glowletter.audience;
