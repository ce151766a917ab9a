package dev.glowletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/**
 * What the packaged jar brings along: the runtime classpath Maven resolved (written to
 * {@code target/runtime-classpath.txt} before the tests run), looked into jar by jar.
 * Only tests may bring JUnit 4 or Hamcrest, and Jakarta Mail comes once: one API, one
 * implementation.
 */
class RuntimeClasspathUnitTest {

	private static List<File> runtimeJars() throws IOException {
		Path file = Path.of("target", "runtime-classpath.txt");
		assertThat(file).as("written by the maven-dependency-plugin before the tests: run them with ./mvnw test")
			.exists();
		return Arrays.stream(Files.readString(file).strip().split(File.pathSeparator)).map(File::new).toList();
	}

	/**
	 * The names of the runtime jars holding the class (e.g.
	 * {@code org/junit/Test.class}).
	 */
	private static List<String> jarsWith(String entry) throws IOException {
		List<String> holding = new ArrayList<>();
		for (File jar : runtimeJars()) {
			try (ZipFile zip = new ZipFile(jar)) {
				if (zip.getEntry(entry) != null) {
					holding.add(jar.getName());
				}
			}
		}
		return holding;
	}

	@Test
	void theRuntimeHasNoJUnit4AndNoHamcrest() throws IOException {
		assertThat(jarsWith("org/junit/Test.class")).isEmpty();
		assertThat(jarsWith("junit/framework/TestCase.class")).isEmpty();
		assertThat(jarsWith("org/hamcrest/Matcher.class")).isEmpty();
	}

	@Test
	void theRuntimeHasOneJakartaMailApiAndOneImplementation() throws IOException {
		assertThat(jarsWith("jakarta/mail/Session.class")).hasSize(1);
		List<String> implementations = new ArrayList<>(jarsWith("org/eclipse/angus/mail/smtp/SMTPTransport.class"));
		implementations.addAll(jarsWith("com/sun/mail/smtp/SMTPTransport.class"));
		assertThat(implementations).hasSize(1);
	}

	@Test
	void theRuntimeStillHasTheEmbeddedCaptureServer() throws IOException {
		assertThat(jarsWith("com/icegreen/greenmail/util/GreenMail.class")).hasSize(1);
	}

}
