package dev.glowletter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextCustomizerFactories;
import org.springframework.test.context.TestPropertySource;

/**
 * A test class that runs on the real PostgreSQL: skipped where none is reachable (or
 * failed, see {@link PostgresAvailable}), and, for a Spring test, the application with
 * the {@code postgres} profile on the run's test schema (or on one of the class's own). A
 * class without an application context of its own (one that starts whole instances) gets
 * only the first.
 * <p>
 * Classes share a context as their H2 twins do, when they are on the same schema: e.g.
 * all those whose twins run in {@link IntegrationTest}'s own context and that have no
 * schema of their own, or the four on the {@code accounts} schema. The schema's rows are
 * shared by its classes whether or not their contexts are.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PostgresAvailable.class)
@ActiveProfiles("postgres")
@TestPropertySource(properties = { "glowletter.base-url=https://news.example.org",
		"glowletter.sender.from=news@example.org", "glowletter.sender.postal-address=1 Test Street, Testville" })
@ContextCustomizerFactories(PostgresSchema.class)
public @interface OnPostgres {

	/**
	 * What a schema of the class's own is for, e.g. {@code "signups"} (see
	 * {@link PostgresAvailable#schemaOfItsOwn}): for classes whose rows the tests that
	 * count all of theirs in the shared schema must not meet. Empty: the run's shared
	 * test schema.
	 */
	String schemaOfItsOwn() default "";

}
