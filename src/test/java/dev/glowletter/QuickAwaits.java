package dev.glowletter;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.pollinterval.IterativePollInterval;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Awaitility's defaults for every test class (registered for all of them through
 * {@code META-INF/services} and {@code junit-platform.properties}): the first look at
 * once, then after 5 ms, doubling up to {@link #LONGEST} between looks.
 * <p>
 * Awaitility's own defaults wait a whole poll interval (100 ms) before the first look,
 * even when what the test waits for has already happened, and up to another interval
 * after it happens: a tenth of a second, or more, for each of the suite's thousands of
 * waits. A test that needs time to pass says so with a clock it moves
 * ({@link TestClock}), never through a wait's delay.
 */
public class QuickAwaits implements BeforeAllCallback {

	/** The longest time between two looks. */
	static final Duration LONGEST = Duration.ofMillis(100);

	@Override
	public void beforeAll(ExtensionContext context) {
		Awaitility.setDefaultPollDelay(Duration.ZERO);
		Awaitility.setDefaultPollInterval(new IterativePollInterval(
				previous -> previous.multipliedBy(2).compareTo(LONGEST) > 0 ? LONGEST : previous.multipliedBy(2),
				Duration.ofMillis(5)));
	}

}
