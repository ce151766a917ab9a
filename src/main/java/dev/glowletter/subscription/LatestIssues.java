package dev.glowletter.subscription;

import java.time.Instant;
import java.util.List;

/**
 * The port through which the sign-up page shows the latest issues of the public archive
 * ("See what you'll get"): the campaign module implements it. Without an implementation,
 * or with nothing published, the page shows none.
 */
public interface LatestIssues {

	/**
	 * An issue as the sign-up page links to it.
	 *
	 * @param path its page, e.g. {@code /archive/7-spring-skin-care}
	 */
	record Issue(String subject, String path, Instant sentAt) {
	}

	/**
	 * Up to {@code max} published issues, newest first; cheap enough for every view of
	 * the sign-up page.
	 */
	List<Issue> latest(int max);

}
