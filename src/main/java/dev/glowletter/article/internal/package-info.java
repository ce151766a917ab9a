/**
 * Articles' internals, hidden from other modules: the article and feed entities and their
 * stores, the editor, excerpts, the feed fetcher, import and poller, the demo content,
 * and the REST controllers (articles, feeds, the digest preview).
 */
package dev.glowletter.article.internal;
