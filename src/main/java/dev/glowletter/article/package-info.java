/**
 * Articles: the blog's articles and their excerpts, the admin API that edits them, the import
 * from the blog's RSS/Atom feed, and the demo content of a first start. {@link dev.glowletter.article.Articles}
 * is what other modules read.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Articles")
package dev.glowletter.article;
