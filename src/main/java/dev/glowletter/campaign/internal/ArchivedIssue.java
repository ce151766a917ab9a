package dev.glowletter.campaign.internal;

import java.time.Instant;

/**
 * An issue of the public archive as its pages, its feed and the sign-up page show it
 * (public: the archive's templates read it).
 *
 * @param subject as rendered for no reader
 * @param sentOn the date it went out, in the list's zone, e.g. "3 March 2026"
 * @param sentDate the same date as {@code yyyy-mm-dd}, for {@code <time datetime>}
 */
public record ArchivedIssue(long id, String subject, String slug, String excerpt, Instant sentAt, String sentOn,
		String sentDate) {

	/** Its page: {@code /archive/7-spring-skin-care}. */
	public String path() {
		return ArchivedIssue.path(id, slug);
	}

	static String path(long id, String slug) {
		return "/archive/" + id + "-" + slug;
	}

}
