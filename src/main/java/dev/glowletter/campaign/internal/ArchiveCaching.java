package dev.glowletter.campaign.internal;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

/**
 * ETags for the public archive: the hash of each answer's body, so a cache that asks
 * again with {@code If-None-Match} gets a 304 without the body. A hash of the body, not a
 * stamp of the published set: it also changes when a new version changes the pages, and
 * every instance gives the same one.
 */
@Configuration(proxyBeanMethods = false)
class ArchiveCaching {

	@Bean
	FilterRegistrationBean<ShallowEtagHeaderFilter> archiveEtags() {
		FilterRegistrationBean<ShallowEtagHeaderFilter> registration = new FilterRegistrationBean<>(
				new ShallowEtagHeaderFilter());
		registration.addUrlPatterns("/archive", "/archive/*");
		registration.setName("archiveEtags");
		return registration;
	}

}
