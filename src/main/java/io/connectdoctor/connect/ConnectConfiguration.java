package io.connectdoctor.connect;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The Connect client and the poller that every other feature reads from.
 *
 * @author connect-doctor
 */
@Configuration(proxyBeanMethods = false)
class ConnectConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	ConnectClient connectClient(WebClient.Builder webClientBuilder, ConnectProperties properties,
			ObjectProvider<SslBundles> bundles) {
		return new ConnectClient(webClientBuilder, properties, bundles.getIfAvailable());
	}

	@Bean
	ConnectPoller connectPoller(ConnectClient client, ConnectProperties properties, WorkerSelector target, Clock clock,
			ObjectProvider<PollListener> listeners, TaskScheduler scheduler) {
		return new ConnectPoller(client, properties, target, clock, listeners.orderedStream().toList(), scheduler);
	}

}
