package dev.glowletter;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points the application of an {@link OnPostgres} test class at its PostgreSQL schema,
 * over the H2 of {@link IntegrationTest}.
 */
class PostgresSchema implements ContextCustomizerFactory {

	/**
	 * One schema per purpose for the whole run, so that a class's context stays the same
	 * one.
	 */
	private static final Map<String, String> OWN = new ConcurrentHashMap<>();

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		MergedAnnotation<OnPostgres> on = MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY)
			.get(OnPostgres.class);
		if (!on.isPresent()) {
			return null;
		}
		String purpose = on.getString("schemaOfItsOwn");
		String schema = purpose.isEmpty() ? PostgresAvailable.SCHEMA
				: OWN.computeIfAbsent(purpose, PostgresAvailable::schemaOfItsOwn);
		return new Schema(schema);
	}

	/** Equal, so sharing a cached context, for the classes on the same schema. */
	private record Schema(String name) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("PostgreSQL test schema",
						Map.of("spring.datasource.url", PostgresAvailable.URL + "?currentSchema=" + name,
								"spring.datasource.username", PostgresAvailable.USER, "spring.datasource.password", "",
								"spring.flyway.schemas", name, "spring.flyway.create-schemas", "true",
								// a cached context keeps one idle connection, not ten:
								// sixteen
								// of them at ten each are more than PostgreSQL's 100
								// clients
								"spring.datasource.hikari.minimum-idle", "1", "spring.datasource.hikari.idle-timeout",
								"10000")));
		}
	}

}
