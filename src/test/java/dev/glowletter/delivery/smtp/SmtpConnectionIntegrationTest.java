package dev.glowletter.delivery.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The connection's outcomes for each message, the same whichever way the messages go out:
 * pipelined, one command at a time, or through Jakarta Mail's own transport.
 */
class SmtpConnectionIntegrationTest {

	enum Mode {

		PIPELINED, STEP_BY_STEP, JAKARTA

	}

	private final ScriptedSmtpServer smtp = new ScriptedSmtpServer();

	@AfterEach
	void stopServer() {
		smtp.close();
	}

	private record Message(String recipient, Supplier<byte[]> made) implements Outgoing {

		@Override
		public byte[] content() {
			return made.get();
		}
	}

	private static Message message(String recipient, String body) {
		String wire = "From: news@glowletter.example\r\nTo: " + recipient + "\r\nSubject: Hello\r\n\r\n" + body;
		return new Message(recipient, () -> wire.getBytes(StandardCharsets.US_ASCII));
	}

	private SmtpConnection connection(Mode mode, int reconnectAfter) {
		smtp.offerPipelining(mode == Mode.PIPELINED);
		JavaMailSenderImpl settings = new JavaMailSenderImpl();
		settings.setHost("127.0.0.1");
		settings.setPort(smtp.port());
		settings.getJavaMailProperties().put("mail.smtp.timeout", "5000");
		return new SmtpConnection(settings, "news@glowletter.example", reconnectAfter, mode != Mode.JAKARTA);
	}

	private SmtpReply[] send(Mode mode, Message... messages) {
		try (SmtpConnection connection = connection(mode, 100)) {
			return connection.send(List.of(messages));
		}
	}

	private static List<Integer> codes(SmtpReply[] replies) {
		List<Integer> codes = new ArrayList<>();
		for (SmtpReply reply : replies) {
			codes.add(reply.code());
		}
		return codes;
	}

	@ParameterizedTest
	@EnumSource(Mode.class)
	void everyMessageArrivesWithItsContentIntactIncludingLinesThatStartWithADot(Mode mode) {
		SmtpReply[] replies = send(mode, message("a@example.org", "Hello\r\n.a line with a dot\r\n..two\r\n"),
				message("b@example.org", ".first line\r\nno line break at the end"),
				message("c@example.org", "Third\r\n"));

		assertThat(codes(replies)).containsExactly(250, 250, 250);
		assertThat(smtp.acceptedTo("a@example.org").get(0).data())
			.endsWith("\r\n\r\nHello\r\n.a line with a dot\r\n..two\r\n");
		assertThat(smtp.acceptedTo("b@example.org").get(0).data())
			.endsWith("\r\n\r\n.first line\r\nno line break at the end\r\n");
		assertThat(smtp.acceptedTo("c@example.org").get(0).from()).isEqualTo("news@glowletter.example");
		assertThat(smtp.connections()).isEqualTo(1);
	}

	@Test
	void aServerThatOffersPipeliningGetsEachMessagesEndAndTheNextEnvelopeInOneWrite() throws Exception {
		try (SmtpConnection connection = connection(Mode.PIPELINED, 100)) {
			connection.connect();
			assertThat(connection.pipelining()).isTrue();
			SmtpReply[] replies = connection.send(List.of(message("a@example.org", "One\r\n"),
					message("b@example.org", "Two\r\n"), message("c@example.org", "Three\r\n")));
			assertThat(codes(replies)).containsExactly(250, 250, 250);
		}
		assertThat(smtp.pipelinedAfterData()).as("the first two ends of DATA carried the next envelope").isEqualTo(2);
	}

	@Test
	void aServerWithoutPipeliningGetsOneCommandAtATime() throws Exception {
		try (SmtpConnection connection = connection(Mode.STEP_BY_STEP, 100)) {
			connection.connect();
			assertThat(connection.pipelining()).isFalse();
			assertThat(codes(
					connection.send(List.of(message("a@example.org", "One\r\n"), message("b@example.org", "Two\r\n")))))
				.containsExactly(250, 250);
		}
		assertThat(smtp.pipelinedAfterData()).isZero();
	}

	@ParameterizedTest
	@EnumSource(Mode.class)
	void aRefusedRecipientFailsOnlyItsOwnMessageAndBlamesTheAddress(Mode mode) {
		smtp.answerRcpt("gone@example.org", 550);
		SmtpReply[] replies = send(mode, message("a@example.org", "One\r\n"), message("gone@example.org", "Two\r\n"),
				message("c@example.org", "Three\r\n"));

		assertThat(codes(replies)).containsExactly(250, 550, 250);
		assertThat(replies[1].step()).isEqualTo(SmtpReply.Step.RCPT);
		assertThat(replies[1].refusesRecipient()).isTrue();
		assertThat(replies[1].text()).contains("Scripted permanent failure");
		assertThat(smtp.acceptedFor("gone@example.org")).isZero();
		assertThat(smtp.acceptedFor("c@example.org")).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(Mode.class)
	void refusedContentIsAPermanentFailureThatDoesNotBlameTheAddress(Mode mode) {
		smtp.answerData("spam@example.org", "554 5.7.1 Message refused: looks like spam");
		SmtpReply[] replies = send(mode, message("spam@example.org", "One\r\n"), message("b@example.org", "Two\r\n"));

		assertThat(codes(replies)).containsExactly(554, 250);
		assertThat(replies[0].refusesRecipient()).isFalse();
		assertThat(replies[0].text()).contains("looks like spam");
	}

	@ParameterizedTest
	@EnumSource(Mode.class)
	void anAddressStatusAtTheEndOfDataBlamesTheAddress(Mode mode) {
		smtp.answerData("unknown@example.org", "550 5.1.1 <unknown@example.org>: user unknown");
		SmtpReply[] replies = send(mode, message("unknown@example.org", "One\r\n"));

		assertThat(replies[0].code()).isEqualTo(550);
		assertThat(replies[0].refusesRecipient()).isTrue();
	}

	@ParameterizedTest
	@EnumSource(Mode.class)
	void aRefusedSenderFailsTheMessageWithoutBlamingTheReader(Mode mode) {
		smtp.answerMail("553 5.7.1 <news@glowletter.example>: Sender address rejected: not owned by user");
		SmtpReply[] replies = send(mode, message("a@example.org", "One\r\n"), message("b@example.org", "Two\r\n"));

		assertThat(codes(replies)).containsExactly(553, 250);
		assertThat(replies[0].step()).isEqualTo(SmtpReply.Step.MAIL);
		assertThat(replies[0].refusesRecipient()).isFalse();
		assertThat(smtp.acceptedFor("a@example.org")).isZero();
		assertThat(smtp.acceptedFor("b@example.org")).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(Mode.class)
	void afterA421TheRestGoOutOnANewConnection(Mode mode) {
		smtp.answerData("a@example.org", "421 4.3.2 Service shutting down");
		SmtpReply[] replies = send(mode, message("a@example.org", "One\r\n"), message("b@example.org", "Two\r\n"),
				message("c@example.org", "Three\r\n"));

		assertThat(codes(replies)).containsExactly(421, 250, 250);
		assertThat(smtp.connections()).isEqualTo(2);
		assertThat(smtp.acceptedFor("b@example.org")).isEqualTo(1);
		assertThat(smtp.acceptedFor("c@example.org")).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(Mode.class)
	void aLostConnectionLeavesTheRestUnansweredAndSendsNothingTwice(Mode mode) {
		smtp.dropConnectionAfter(1);
		SmtpReply[] replies = send(mode, message("a@example.org", "One\r\n"), message("b@example.org", "Two\r\n"),
				message("c@example.org", "Three\r\n"));

		assertThat(codes(replies)).containsExactly(250, SmtpReply.NO_REPLY, SmtpReply.NO_REPLY);
		assertThat(smtp.accepted()).hasSize(1);
	}

	@ParameterizedTest
	@EnumSource(Mode.class)
	void aMessageThatCannotBeMadeOrAddressedIsNeverOffered(Mode mode) {
		Message broken = new Message("broken@example.org", () -> {
			throw new IllegalStateException("template failed");
		});
		Message injected = message("x@example.org>\r\nRCPT TO:<evil@example.org", "Two\r\n");
		SmtpReply[] replies = send(mode, message("a@example.org", "One\r\n"), broken, injected,
				message("d@example.org", "Four\r\n"));

		assertThat(codes(replies)).containsExactly(250, SmtpReply.NOT_MADE, SmtpReply.NOT_MADE, 250);
		assertThat(replies[1].text()).contains("template failed");
		assertThat(replies[1].step()).as("worth another try").isEqualTo(SmtpReply.Step.MESSAGE);
		assertThat(replies[2].step()).as("never worth another try").isEqualTo(SmtpReply.Step.RCPT);
		assertThat(smtp.accepted()).extracting(ScriptedSmtpServer.Accepted::recipients)
			.containsExactly(List.of("a@example.org"), List.of("d@example.org"));
	}

	@ParameterizedTest
	@EnumSource(Mode.class)
	void theConnectionIsRenewedAfterTheConfiguredNumberOfMessages(Mode mode) {
		List<Message> messages = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			messages.add(message("reader" + i + "@example.org", "Message " + i + "\r\n"));
		}
		try (SmtpConnection connection = connection(mode, 2)) {
			assertThat(codes(connection.send(messages))).containsExactly(250, 250, 250, 250, 250);
		}
		assertThat(smtp.connections()).isEqualTo(3);
		assertThat(smtp.accepted()).hasSize(5);
	}

	@ParameterizedTest
	@EnumSource(Mode.class)
	void anUnreachableServerLeavesEveryMessageUnanswered(Mode mode) {
		smtp.refuseConnections(true);
		SmtpReply[] replies = send(mode, message("a@example.org", "One\r\n"), message("b@example.org", "Two\r\n"));

		assertThat(codes(replies)).containsExactly(SmtpReply.NO_REPLY, SmtpReply.NO_REPLY);
	}

	@Test
	void overTlsTheCopiesStillGoOutThroughTheEnginesOwnWritesAndTheCertificateIsStillChecked() throws Exception {
		GreenMail tls = new GreenMail(ServerSetupTest.SMTPS.dynamicPort());
		tls.start();
		try {
			assertThat(codes(sendOverTls(tls, null)))
				.as("a self-signed certificate is refused when nothing says to trust it")
				.containsExactly(SmtpReply.NO_REPLY);
			assertThat(codes(sendOverTls(tls, "relay.example.org"))).as("trusted hosts that do not name this one")
				.containsExactly(SmtpReply.NO_REPLY);
			assertThat(tls.getReceivedMessages()).isEmpty();

			assertThat(codes(sendOverTls(tls, "*"))).containsExactly(250, 250);
			assertThat(tls.getReceivedMessages()).hasSize(2);
			assertThat(Arrays.stream(tls.getReceivedMessages()).map(GreenMailUtil::getBody))
				.anyMatch(body -> body.contains(".first line\r\nno line break at the end"));
		}
		finally {
			tls.stop();
		}
	}

	/**
	 * Two messages over implicit TLS (SMTPS), trusting what {@code mail.smtps.ssl.trust}
	 * says; asserts they went the direct way.
	 */
	private SmtpReply[] sendOverTls(GreenMail tls, String trust) throws Exception {
		JavaMailSenderImpl settings = new JavaMailSenderImpl();
		settings.setProtocol("smtps");
		settings.setHost("127.0.0.1");
		settings.setPort(tls.getSmtps().getPort());
		settings.getJavaMailProperties().put("mail.smtps.timeout", "5000");
		if (trust != null) {
			settings.getJavaMailProperties().put("mail.smtps.ssl.trust", trust);
			// GreenMail's certificate names no host
			settings.getJavaMailProperties().put("mail.smtps.ssl.checkserveridentity", "false");
		}
		try (SmtpConnection connection = new SmtpConnection(settings, "news@glowletter.example", 100, true)) {
			SmtpReply[] replies = connection.send(List.of(message("a@example.org", "One\r\n"),
					message("b@example.org", ".first line\r\nno line break at the end")));
			if (trust == null || !trust.equals("*")) {
				return new SmtpReply[] { replies[0] };
			}
			connection.connect();
			assertThat(connection.direct()).as("the TLS socket was found and written to directly").isTrue();
			return replies;
		}
	}

	@Test
	void afterStartTlsTheCopiesGoOutPipelinedThroughTheEnginesOwnWritesOverTls() throws Exception {
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(new DummySSLServerSocketFactory().getKeyStore(), "changeit".toCharArray());
		SSLContext tls = SSLContext.getInstance("TLS");
		tls.init(keys.getKeyManagers(), null, null);
		smtp.offerStartTls(tls);
		JavaMailSenderImpl settings = new JavaMailSenderImpl();
		settings.setHost("127.0.0.1");
		settings.setPort(smtp.port());
		settings.getJavaMailProperties().put("mail.smtp.timeout", "5000");
		settings.getJavaMailProperties().put("mail.smtp.starttls.enable", "true");
		settings.getJavaMailProperties().put("mail.smtp.starttls.required", "true");
		settings.getJavaMailProperties().put("mail.smtp.ssl.trust", "*");
		settings.getJavaMailProperties().put("mail.smtp.ssl.checkserveridentity", "false");

		try (SmtpConnection connection = new SmtpConnection(settings, "news@glowletter.example", 100, true)) {
			assertThat(codes(connection.send(List.of(message("a@example.org", "One\r\n"),
					message("b@example.org", ".first line\r\nno line break at the end")))))
				.containsExactly(250, 250);
			connection.connect();
			assertThat(connection.direct()).as("the TLS socket STARTTLS made was found").isTrue();
			assertThat(connection.pipelining()).isTrue();
		}
		assertThat(smtp.acceptedOverTls()).isEqualTo(2);
		assertThat(smtp.acceptedTo("b@example.org").get(0).data())
			.endsWith("\r\n\r\n.first line\r\nno line break at the end\r\n");
	}

}
