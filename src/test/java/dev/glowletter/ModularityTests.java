package dev.glowletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The modules depend on each other only through their public API, and never in a circle;
 * and the diagrams of docs/modules are those of this code.
 */
class ModularityTests {

	/** Read once: reading every class of the application is most of what these take. */
	private static final ApplicationModules MODULES = ApplicationModules.of(GlowletterApplication.class);

	private static final Path COMMITTED = Path.of("docs", "modules");

	@Test
	void modulesRespectTheirBoundaries() {
		MODULES.verify();
	}

	/**
	 * The Documenter writes the diagrams under target/spring-modulith-docs (to be copied
	 * to docs/modules when an arrow changes, see docs/architecture.md), each time with
	 * its lines in another order: compared sorted.
	 */
	@Test
	void theCommittedModuleDiagramsAreThoseOfThisCode() throws IOException {
		Path written = Path.of("target", "spring-modulith-docs");
		new Documenter(MODULES, written.toString()).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();

		List<String> diagrams = diagrams(written);
		assertThat(diagrams).as("diagrams written").contains("components.puml", "module-subscription.puml");
		assertThat(diagrams(COMMITTED)).as("the diagrams in docs/modules").isEqualTo(diagrams);
		for (String diagram : diagrams) {
			assertThat(sortedLines(COMMITTED.resolve(diagram)))
				.as("docs/modules/" + diagram + " against this code's (copy it from " + written + ")")
				.isEqualTo(sortedLines(written.resolve(diagram)));
		}
	}

	private static List<String> diagrams(Path folder) throws IOException {
		try (Stream<Path> files = Files.list(folder)) {
			return files.map(file -> file.getFileName().toString())
				.filter(name -> name.endsWith(".puml"))
				.sorted()
				.toList();
		}
	}

	private static List<String> sortedLines(Path file) throws IOException {
		return Files.readAllLines(file).stream().map(String::strip).filter(line -> !line.isEmpty()).sorted().toList();
	}

}
