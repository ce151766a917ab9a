package dev.glowletter.delivery.smtp;

import java.io.IOException;
import java.io.OutputStream;

import jakarta.mail.Session;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * A message that is already its wire form: the SMTP transport writes these bytes as they
 * are, with no parsing and no second encoding. An SMTP message, so that it can carry an
 * envelope sender of its own.
 */
final class RawMessage extends SMTPMessage {

	private final byte[] source;

	RawMessage(Session session, byte[] source) {
		super(session);
		this.source = source;
	}

	@Override
	public void writeTo(OutputStream out) throws IOException {
		out.write(source);
	}

	@Override
	public void writeTo(OutputStream out, String[] ignoreList) throws IOException {
		out.write(source);
	}

	@Override
	public int getSize() {
		return source.length;
	}

}
