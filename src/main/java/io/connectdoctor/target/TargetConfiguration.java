package io.connectdoctor.target;

import io.connectdoctor.connect.ConnectClient;
import io.connectdoctor.connect.ConnectEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
	TargetMonitor targetMonitor(WorkerTarget target, TargetProperties properties) {
		return new TargetMonitor(target, properties);
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
