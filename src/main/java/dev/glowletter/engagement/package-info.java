/**
 * Engagement: which articles readers open from the newsletter. Campaign copies link to
 * their articles through the click tracker ({@code /r/<token>}, the token signed and
 * naming the copy and the article, never the address); a click is recorded a fraction of
 * a second later, in batches, and answered with a redirect at once. Machine clicks
 * (security scanners following every link) are kept but left out of the figures. Its API
 * is {@link dev.glowletter.engagement.Clicks}: the campaign report, the articles most
 * read from the newsletter, a reader's clicks.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Engagement")
package dev.glowletter.engagement;
