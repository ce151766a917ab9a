package dev.glowletter.devmail.internal;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when {@code spring.mail.host} is unset or blank and the capture server is
 * allowed ({@code glowletter.devmail.enabled}, false in the postgres profile): mail then
 * stays on this machine.
 */
class NoMailRelayConfigured implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return !relayConfigured(context.getEnvironment()) && captureAllowed(context.getEnvironment());
	}

	static boolean relayConfigured(Environment environment) {
		return StringUtils.hasText(environment.getProperty("spring.mail.host"));
	}

	static boolean captureAllowed(Environment environment) {
		return environment.getProperty("glowletter.devmail.enabled", Boolean.class, true);
	}

}
