package dev.glowletter.devmail.internal;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where the capture server is not allowed (the postgres profile), an SMTP relay must be
 * named: start-up stops at once saying so, before anything else is built.
 */
@Component
class MailRelayRequired implements BeanFactoryPostProcessor, EnvironmentAware {

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (!NoMailRelayConfigured.relayConfigured(environment) && !NoMailRelayConfigured.captureAllowed(environment)) {
			throw new IllegalStateException("No SMTP relay is configured and the embedded capture server is off here "
					+ "(glowletter.devmail.enabled=false, as in the postgres profile): set spring.mail.host "
					+ "(SPRING_MAIL_HOST), "
					+ "and spring.mail.port, spring.mail.username and spring.mail.password as your relay needs.");
		}
	}

}
