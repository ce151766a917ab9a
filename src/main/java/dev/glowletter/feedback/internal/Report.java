package dev.glowletter.feedback.internal;

import java.util.List;

/**
 * One mail from the bounce mailbox, understood.
 *
 * @param type what kind of mail it is
 * @param messageId its Message-ID header (null when it has none); reports are processed
 * once per Message-ID
 * @param findings what it says of each recipient (empty for an auto-reply or a mail that
 * is no report)
 * @param envelopeAddresses the addresses it may have been sent to, where a VERP address
 * of ours can be found: the headers naming the mailbox it reached (To, Delivered-To,
 * X-Original-To, Envelope-To, X-Envelope-To), the Return-Path of the original message it
 * quotes, and addresses with a '+' in their local part found in its text; at most 20, in
 * that order, without repeats
 */
public record Report(Type type, String messageId, List<Finding> findings, List<String> envelopeAddresses) {

	public enum Type {

		/**
		 * An RFC 3464 delivery status notification (multipart/report; delivery-status).
		 */
		DELIVERY_STATUS,

		/** An RFC 5965 abuse report (multipart/report; feedback-report). */
		COMPLAINT,

		/**
		 * A bounce in no standard form (recognized from its sender, subject and text).
		 */
		NON_STANDARD_BOUNCE,

		/** An auto-reply or out-of-office message (RFC 3834): not a bounce. */
		AUTO_REPLY,

		/** Anything else: left alone. */
		NOT_A_REPORT

	}

}
