package io.connectdoctor.target;

import java.util.stream.Stream;

import io.connectdoctor.connect.ConnectClient;
import io.connectdoctor.connect.ConnectEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Resolves which worker's tasks count, once, at start-up.
 *
 * @author connect-doctor
 */
@Configuration(proxyBeanMethods = false)
class TargetConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(TargetConfiguration.class);

	@Bean
	WorkerTarget workerTarget(TargetProperties properties, ConnectClient client) {
		WorkerTarget target = resolve(properties, client.endpoint());
		logger.info("Counting the tasks of {}", target.description());
		return target;
	}

	@Bean
	TargetMonitor targetMonitor(WorkerTarget target, TargetProperties properties, Environment environment) {
		return new TargetMonitor(target, properties, guardianOnly(environment::getProperty));
	}

	/**
	 * Whether Connector Guardian's variables are set and nothing else says which worker
	 * counts: no variable of Doctor Kafka Connect or devshawn's tool, and no
	 * {@code connect-doctor.target.*}.
	 */
	static boolean guardianOnly(java.util.function.Function<String, String> env) {
		boolean guardian = Stream
			.of("KAFKA_CONNECT_HOST", "KAFKA_CONNECT_PROTOCOL", "KAFKA_CONNECT_PROTO", "MAX_RESTART",
					"EXPONENTIAL_RATIO")
			.anyMatch((name) -> env.apply(name) != null);
		boolean other = Stream
			.of("KAFKA_CONNECT_HOSTNAME", "KAFKA_CONNECT_TARGET_WORKER_IDS", "HEALTHCHECK_CONNECT_URL",
					"connect-doctor.target.mode", "connect-doctor.target.worker-ids")
			.anyMatch((name) -> env.apply(name) != null);
		return guardian && !other;
	}

	static WorkerTarget resolve(TargetProperties properties, ConnectEndpoint endpoint) {
		if (properties.mode() == TargetProperties.Mode.CLUSTER) {
			return WorkerTarget.cluster();
		}
		if (properties.workerIds().stream().allMatch(String::isBlank)) {
			return WorkerTarget.auto(endpoint.host(), endpoint.port(), WorkerTarget.localNames());
		}
		return WorkerTarget.of(properties.workerIds());
	}

}
