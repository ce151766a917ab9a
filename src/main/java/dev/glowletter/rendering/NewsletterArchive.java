package dev.glowletter.rendering;

import java.util.Optional;

/**
 * Where the "view in browser" page finds a sent newsletter's content by its id. The
 * campaign module implements it (a campaign id names a newsletter); without an
 * implementation every view link answers 404.
 */
public interface NewsletterArchive {

	Optional<NewsletterContent> find(long newsletterId);

	/**
	 * The content of one copy of a personal edition (its own articles), by the copy's id;
	 * empty if there is no such copy or its newsletter is not shown.
	 */
	default Optional<NewsletterContent> findCopy(long copyId) {
		return Optional.empty();
	}

}
