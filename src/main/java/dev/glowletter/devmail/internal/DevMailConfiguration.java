package dev.glowletter.devmail.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Properties;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.glowletter.GlowletterProperties;
import dev.glowletter.feedback.LocalBounceMailbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The embedded capture server: GreenMail on a loopback port, the mail sender pointed at
 * it, and a local bounce mailbox on its IMAP server (a loopback port too), so that the
 * dev inbox's "bounce this" and "complain about this" close the loop without any
 * provider.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoMailRelayConfigured.class)
@EnableConfigurationProperties(DevMailConfiguration.DevMailProperties.class)
class DevMailConfiguration {

	private static final Logger log = LoggerFactory.getLogger(DevMailConfiguration.class);

	/**
	 * @param port the capture server's SMTP port; 0 takes a free one
	 */
	@ConfigurationProperties("glowletter.devmail")
	record DevMailProperties(@DefaultValue("0") int port) {
	}

	@Bean(initMethod = "start", destroyMethod = "stop")
	GreenMail captureServer(DevMailProperties properties) {
		ServerSetup smtp = new ServerSetup(properties.port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
		ServerSetup imap = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort();
		return new GreenMail(new ServerSetup[] { properties.port() == 0 ? smtp.dynamicPort() : smtp, imap });
	}

	/**
	 * The bounce mailbox on the capture server's IMAP port: {@code bounces@} the sender's
	 * domain, with a password made at each start.
	 */
	@Bean
	LocalBounceMailbox localBounceMailbox(GreenMail captureServer, GlowletterProperties glowletter) {
		String address = "bounces@" + glowletter.sender().domain();
		byte[] secret = new byte[18];
		new SecureRandom().nextBytes(secret);
		String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		captureServer.setUser(address, "bounces", password);
		return new LocalBounceMailbox(address, "imap", "127.0.0.1", captureServer.getImap().getPort(), "bounces",
				password, Duration.ofSeconds(2));
	}

	@Bean
	JavaMailSenderImpl mailSender(GreenMail captureServer, Environment environment) {
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost("127.0.0.1");
		sender.setPort(captureServer.getSmtp().getPort());
		Properties javaMail = new Properties();
		javaMail.put("mail.smtp.connectiontimeout", "5000");
		javaMail.put("mail.smtp.timeout", "10000");
		sender.setJavaMailProperties(javaMail);
		log.warn("No SMTP relay configured (spring.mail.host is unset): every e-mail goes to the embedded capture "
				+ "server "
				+ "on 127.0.0.1:{} and nowhere else. Read them in the dev inbox at {}/dev/inbox (log in as the admin)",
				captureServer.getSmtp().getPort(), environment.getProperty("glowletter.base-url", ""));
		return sender;
	}

}
