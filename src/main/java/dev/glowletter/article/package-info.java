/**
 * Articles: the blog's articles and their excerpts, the admin API that edits them, the
 * import from the blog's RSS/Atom feed, and the demo content of a first start. Its API is
 * this package: {@link dev.glowletter.article.Articles} is what other modules read
 * ({@link dev.glowletter.article.ArticleSummary} each),
 * {@link dev.glowletter.article.Editorial} what the admin pages write with; everything
 * else is in {@code internal}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Articles")
package dev.glowletter.article;
