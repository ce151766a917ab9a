package dev.glowletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;

/**
 * The service in a JVM of its own, started from the tests' class path, for the tests that
 * kill it hard (SIGKILL, as a crash or the OOM killer would) and start it again.
 */
final class ServiceProcess {

	private ServiceProcess() {
	}

	/** A local port free now, for an instance to listen on. */
	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Starts the service on the port with the arguments, in the folder (its working
	 * directory: the default H2 file is {@code ./data} there), its output in
	 * {@code target/<log>}, and waits until it says it is healthy. Its JVM compiles with
	 * C1 only: for a life of seconds that starts it in two thirds of the time (18 s
	 * against 26 on a slow hour of the CI machine), and the starts are most of what these
	 * tests take.
	 */
	static Process start(Path folder, String log, int port, List<String> arguments) throws Exception {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
						"-XX:TieredStopAtLevel=1", "-cp", classPath(), "dev.glowletter.GlowletterApplication",
						"--server.port=" + port));
		command.addAll(arguments);
		File output = Path.of("target", log).toAbsolutePath().toFile();
		Process process = new ProcessBuilder(command).directory(folder.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output)
			.start();
		HttpClient http = HttpClient.newHttpClient();
		Awaitility.await()
			.atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.ignoreExceptions()
			.until(() -> {
				assertThat(process.isAlive()).as("the instance is running; see target/" + log).isTrue();
				return http
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
							HttpResponse.BodyHandlers.ofString())
					.statusCode() == 200;
			});
		return process;
	}

	/** The addresses a mail went to. */
	static Stream<String> recipients(MimeMessage message) {
		try {
			return Arrays.stream(message.getAllRecipients()).map(Object::toString);
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The tests' class path, each entry absolute, so that it holds in another folder. */
	private static String classPath() {
		return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.map(entry -> Path.of(entry).toAbsolutePath().toString())
			.collect(Collectors.joining(File.pathSeparator));
	}

}
