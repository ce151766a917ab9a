package dev.glowletter.admin.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says at start-up who can reach the service: by default only this machine (a fresh
 * install should not show its admin login and dev inbox to the network before anyone
 * chose to).
 */
@Component
class ListeningAddress {

	private static final Logger log = LoggerFactory.getLogger(ListeningAddress.class);

	private final Environment environment;

	ListeningAddress(Environment environment) {
		this.environment = environment;
	}

	@EventListener
	void started(WebServerInitializedEvent event) throws UnknownHostException {
		String address = environment.getProperty("server.address");
		int port = event.getWebServer().getPort();
		if (address != null && !address.isBlank() && InetAddress.getByName(address).isLoopbackAddress()) {
			log.info("Listening on {}:{}: reachable from this machine only. To serve other machines, put a TLS proxy "
					+ "in front " + "or set SERVER_ADDRESS=0.0.0.0", address, port);
		}
		else {
			log.info("Listening on {}:{}", address == null || address.isBlank() ? "every interface" : address, port);
		}
	}

}
