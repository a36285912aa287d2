package io.connectdoctor.connect;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The Connect client and the poller that every other feature reads from.
 *
 * @author connect-doctor
 */
@Configuration(proxyBeanMethods = false)
class ConnectConfiguration {

	private static final String TRACE_MAX_LENGTH = "connect-doctor.health.trace-max-length";

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	ConnectClient connectClient(WebClient.Builder webClientBuilder, ConnectProperties properties,
			ObjectProvider<SslBundles> bundles, Environment environment) {
		// Traces are cut to the length answers keep while Connect's answer is read, so a
		// storm of long traces costs no more memory than the answers hold.
		int traceMaxLength = Binder.get(environment)
			.bind(TRACE_MAX_LENGTH, Integer.class)
			.orElse(Integer.parseInt(ConnectClient.DEFAULT_TRACE_MAX_LENGTH));
		return new ConnectClient(webClientBuilder, properties, bundles.getIfAvailable(), traceMaxLength);
	}

	@Bean
	ConnectPoller connectPoller(ConnectClient client, ConnectProperties properties, WorkerSelector target, Clock clock,
			ObjectProvider<PollListener> listeners, TaskScheduler scheduler, ObjectProvider<StuckTasks> stuck) {
		return new ConnectPoller(client, properties, target, clock, listeners.orderedStream().toList(), scheduler,
				stuck.getIfAvailable(() -> StuckTasks.NONE));
	}

}
