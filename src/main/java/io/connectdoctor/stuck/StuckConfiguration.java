package io.connectdoctor.stuck;

import java.time.Clock;

import io.connectdoctor.connect.ConnectClient;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The stuck-task check, on when {@code connect-doctor.kafka.bootstrap-servers} is set;
 * without it, one line at start-up says it is off.
 *
 * @author connect-doctor
 */
@Configuration(proxyBeanMethods = false)
class StuckConfiguration {

	@Configuration(proxyBeanMethods = false)
	@Conditional(KafkaConfigured.class)
	static class On {

		@Bean
		StuckCheck stuckCheck(KafkaProperties kafka, StuckProperties properties, ConnectClient client, Clock clock) {
			return new StuckCheck(kafka, properties, client, clock, Admin::create);
		}

		@Bean
		KafkaHealthIndicator kafkaHealthIndicator(StuckCheck check, KafkaProperties kafka) {
			return new KafkaHealthIndicator(check, kafka.bootstrapServers());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(KafkaNotConfigured.class)
	static class Off {

		@Bean
		SmartInitializingSingleton stuckCheckOff() {
			return () -> LoggerFactory.getLogger(StuckCheck.class)
				.info("Stuck-task check off: set {} (and connect-doctor.kafka.properties.* as your brokers need) to "
						+ "find RUNNING tasks that stopped moving data", KafkaConfigured.BOOTSTRAP_SERVERS);
		}

	}

	static final class KafkaNotConfigured implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !KafkaConfigured.isConfigured(context.getEnvironment());
		}

	}

}
