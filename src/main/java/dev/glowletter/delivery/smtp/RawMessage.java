package dev.glowletter.delivery.smtp;

import java.io.IOException;
import java.io.OutputStream;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A message that is already its wire form: the SMTP transport writes these bytes as they
 * are, with no parsing and no second encoding.
 */
final class RawMessage extends MimeMessage {

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
