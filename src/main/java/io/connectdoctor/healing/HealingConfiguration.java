package io.connectdoctor.healing;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

import io.connectdoctor.connect.ConnectClient;
import io.connectdoctor.connect.StuckTasks;
import io.connectdoctor.target.WorkerTarget;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The healer, on unless {@code connect-doctor.healing.enabled=false}.
 *
 * @author connect-doctor
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "connect-doctor.healing.enabled", matchIfMissing = true)
class HealingConfiguration {

	@Bean
	Healer healer(WorkerTarget target, HealingProperties properties, ConnectClient client, Clock clock,
			ObjectProvider<Healer.HealingListener> listeners, ObjectProvider<StuckTasks> stuck) {
		BackOff backOff = new BackOff(properties.initialBackoff(), properties.multiplier(), properties.maxBackoff(),
				properties.jitter(), () -> ThreadLocalRandom.current().nextDouble());
		return new Healer(target.isCluster(), properties, new ConnectRestarter(client), backOff, clock,
				listeners.orderedStream().toList(), stuck.getIfAvailable(() -> StuckTasks.NONE).judgedWithin());
	}

	@Bean
	HealingEndpoint healingEndpoint(Healer healer, HealingProperties properties) {
		return new HealingEndpoint(healer, properties);
	}

}
