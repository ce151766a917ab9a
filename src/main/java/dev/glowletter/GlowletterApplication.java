package dev.glowletter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class GlowletterApplication {

	/**
	 * Jakarta Mail looks its stream provider up anew for every MIME part it parses: a
	 * ServiceLoader scan through every jar on the class path (inside the packaged jar, of
	 * nested jars), which took half the time of reading a bounce report. Named here, the
	 * lookup is one class by name. Set before any mail is parsed (this class is loaded
	 * first: by main, by the tests, by the benchmarks); a value given on the command line
	 * stays.
	 */
	static {
		if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
			System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
		}
	}

	public static void main(String[] args) {
		SpringApplication.run(GlowletterApplication.class, args);
	}

}
