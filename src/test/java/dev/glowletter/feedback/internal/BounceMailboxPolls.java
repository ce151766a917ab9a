package dev.glowletter.feedback.internal;

import jakarta.mail.MessagingException;
import org.springframework.context.ApplicationContext;

/**
 * The bounce mailbox's poller for tests and benchmarks of other packages, which cannot
 * see it: one round when they say so.
 */
public final class BounceMailboxPolls {

	private final MailboxPoller poller;

	public BounceMailboxPolls(ApplicationContext context) {
		this.poller = context.getBean(MailboxPoller.class);
	}

	/**
	 * Reads the mailbox once; returns how many mails that round read, and how many it
	 * left for the next.
	 */
	public int[] poll() throws MessagingException {
		MailboxPoller.Poll poll = poller.poll();
		return new int[] { poll.read(), poll.left() };
	}

}
