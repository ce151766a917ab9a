package dev.glowletter.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs browser tests only where headless Chromium and its driver are installed (Debian's
 * {@code chromium} and {@code chromium-driver}; other paths through GLOWLETTER_CHROMIUM
 * and GLOWLETTER_CHROMEDRIVER). With GLOWLETTER_TEST_BROWSER=required (CI) they run
 * regardless, and fail saying what is missing.
 */
class BrowserAvailable implements ExecutionCondition {

	static final Path CHROMIUM = Path.of(env("GLOWLETTER_CHROMIUM", "/usr/bin/chromium"));

	static final Path CHROMEDRIVER = Path.of(env("GLOWLETTER_CHROMEDRIVER", "/usr/bin/chromedriver"));

	static List<String> missing() {
		List<String> missing = new ArrayList<>();
		if (!Files.isExecutable(CHROMIUM)) {
			missing.add("Chromium (" + CHROMIUM + ")");
		}
		if (!Files.isExecutable(CHROMEDRIVER)) {
			missing.add("chromedriver (" + CHROMEDRIVER + ")");
		}
		return missing;
	}

	static boolean required() {
		return "required".equalsIgnoreCase(System.getenv("GLOWLETTER_TEST_BROWSER"));
	}

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		List<String> missing = missing();
		if (missing.isEmpty()) {
			return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed");
		}
		if (required()) {
			return ConditionEvaluationResult
				.enabled("GLOWLETTER_TEST_BROWSER=required: the browser tests run and fail without " + missing);
		}
		return ConditionEvaluationResult.disabled("Browser tests skipped: " + String.join(" and ", missing)
				+ " not installed. Install them (apt-get install chromium chromium-driver) or set "
				+ "GLOWLETTER_TEST_BROWSER=required to make this a failure.");
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return value == null || value.isBlank() ? fallback : value;
	}

}
