package dev.glowletter;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.glowletter.delivery.smtp.ScriptedSmtpServer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Integration tests whose mail goes to a scripted SMTP server of their own class (what it
 * accepted, what it is told to refuse), instead of the shared GreenMail; each test gets a
 * fresh tag for its addresses and titles ({@link #run}).
 */
public abstract class ScriptedSmtpTest extends IntegrationTest {

	private static final Map<Class<?>, ScriptedSmtpServer> SERVERS = new ConcurrentHashMap<>();

	@Autowired
	protected JdbcClient jdbc;

	@Autowired
	protected ApplicationContext context;

	@Autowired
	private JavaMailSenderImpl mailSettings;

	/** This test's tag, for addresses and titles no other test uses. */
	protected String run;

	/** The scripted SMTP server of this test class. */
	protected ScriptedSmtpServer smtp() {
		return SERVERS.computeIfAbsent(getClass(), type -> new ScriptedSmtpServer());
	}

	@BeforeEach
	void scriptedSmtp() {
		// bound once into this bean, which every sender reads when it connects
		mailSettings.setHost("127.0.0.1");
		mailSettings.setPort(smtp().port());
		smtp().reset();
		run = UUID.randomUUID().toString().substring(0, 8);
	}

}
