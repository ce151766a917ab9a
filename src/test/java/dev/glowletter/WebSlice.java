package dev.glowletter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;
import org.springframework.core.annotation.AliasFor;

/**
 * A {@link WebMvcTest} slice of the named controllers: with the application's advice,
 * filters, MVC settings and page templates, and its settings records bound as the
 * application binds them (the filters and pages read them, and a slice would leave them
 * out), but no database, no mail and no Spring Security (who may call what is for the
 * integration tests), and not the sign-up's shedding of floods in front of everything (it
 * needs the sign-up's turns; tested on its own and in the integration tests). What the
 * controllers call is mocked with {@code @MockitoBean}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest(includeFilters = @Filter(ConfigurationProperties.class),
		excludeFilters = @Filter(type = FilterType.REGEX, pattern = ".*\\.SignupShedding"))
public @interface WebSlice {

	/** The controllers under test. */
	@AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
	Class<?>[] value();

}
