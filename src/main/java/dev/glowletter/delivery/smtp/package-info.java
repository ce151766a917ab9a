/**
 * The delivery module's SMTP client: {@link dev.glowletter.delivery.smtp.SmtpConnection}
 * is its entry point; Jakarta Mail opens the connection, our own writes send the messages
 * (pipelined when offered).
 */
package dev.glowletter.delivery.smtp;
