package io.connectdoctor.stuck;

import java.util.Map;

import io.connectdoctor.settings.KafkaClientEnvironmentPostProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka client settings reach the Admin client as Kafka names them, from environment
 * variables too (the chart sets the JAAS line that way, from a Secret), and are never
 * printed.
 *
 * @author connect-doctor
 */
class KafkaPropertiesTests {

	@Test
	void environmentVariablesBindToKafkasOwnKeys() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of("CONNECT_DOCTOR_KAFKA_BOOTSTRAP_SERVERS", "kafka-0:9093,kafka-1:9093",
							"CONNECT_DOCTOR_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_SSL",
							"CONNECT_DOCTOR_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
							"org.apache.kafka.common.security.plain.PlainLoginModule required username=\"doctor\" "
									+ "password=\"s3cret\";")));
		new KafkaClientEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		KafkaProperties kafka = new Binder(ConfigurationPropertySources.get(environment))
			.bindOrCreate("connect-doctor.kafka", KafkaProperties.class);
		assertThat(kafka.adminConfig()).containsEntry("bootstrap.servers", "kafka-0:9093,kafka-1:9093")
			.containsEntry("security.protocol", "SASL_SSL")
			.containsEntry("client.id", "connect-doctor")
			.hasEntrySatisfying("sasl.jaas.config", (value) -> assertThat(value).asString().contains("s3cret"));
		assertThat(kafka.toString()).contains("sasl.jaas.config").doesNotContain("s3cret");
	}

}
