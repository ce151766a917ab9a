/**
 * Feedback: what the mail systems say after the hand-off. Bounces and complaints arrive
 * as reports mailed to the VERP envelope sender (read from the bounce mailbox) or as the
 * providers' webhook calls; each is verified, processed once, recorded, and applied to
 * the reader by the policy (hard bounce, soft bounces counted, complaint).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Feedback")
package dev.glowletter.feedback;
