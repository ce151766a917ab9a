package dev.glowletter.admin.internal;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document of the admin API, served with Swagger UI at /swagger-ui.html
 * (admin only).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI glowletterApi() {
		return new OpenAPI()
			.info(new Info().title("Glowletter admin API")
				.version("1")
				.description("Articles, campaigns, digests, subscribers, topics and custom fields. Every call but "
						+ "POST /api/subscriptions needs the admin account over HTTP Basic. Errors are RFC 9457 "
						+ "problem details; a field error names its field under \"errors\"."))
			.components(new Components().addSecuritySchemes("admin",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
			.addSecurityItem(new SecurityRequirement().addList("admin"));
	}

}
