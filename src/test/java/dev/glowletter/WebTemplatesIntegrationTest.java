package dev.glowletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.util.Map;

import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.servlet.view.freemarker.FreeMarkerConfig;

/**
 * The web page templates, as configured in application.yml: they render values, they
 * never reach Java classes.
 */
class WebTemplatesIntegrationTest extends IntegrationTest {

	@Autowired
	FreeMarkerConfig freeMarker;

	@Test
	void aWebTemplateCannotMakeJavaObjects() throws Exception {
		Configuration configuration = freeMarker.getConfiguration();
		Template probe = new Template("probe.ftlh",
				"<#assign run = \"freemarker.template.utility.Execute\"?new()>made it", configuration);
		assertThatThrownBy(() -> probe.process(Map.of(), new StringWriter())).isInstanceOf(TemplateException.class)
			.hasMessageContaining("Execute");
		assertThat(configuration.getNewBuiltinClassResolver()).isSameAs(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
		assertThat(configuration.isAPIBuiltinEnabled()).isFalse();
	}

}
