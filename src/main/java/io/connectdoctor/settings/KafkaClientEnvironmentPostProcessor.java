package io.connectdoctor.settings;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Reads Kafka client settings from environment variables as a user writes them,
 * {@code CONNECT_DOCTOR_KAFKA_PROPERTIES_SASL_JAAS_CONFIG} for
 * {@code connect-doctor.kafka.properties.sasl.jaas.config}: Spring binds that form to
 * single settings but not to the keys of a map under a prefix with a dash. Kafka's keys
 * are lower case with dots, so each {@code _} is a dot. Set after the environment, so a
 * property given another way wins.
 *
 * @author connect-doctor
 */
public final class KafkaClientEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String PREFIX = "CONNECT_DOCTOR_KAFKA_PROPERTIES_";

	static final String SOURCE_NAME = "connectDoctorKafkaClientEnvironment";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		PropertySource<?> variables = environment.getPropertySources()
			.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		if (!(variables instanceof EnumerablePropertySource<?> enumerable)) {
			return;
		}
		Map<String, Object> mapped = new LinkedHashMap<>();
		for (String name : enumerable.getPropertyNames()) {
			if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
				String key = name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
				mapped.put("connect-doctor.kafka.properties." + key, enumerable.getProperty(name));
			}
		}
		if (!mapped.isEmpty()) {
			environment.getPropertySources()
				.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new MapPropertySource(SOURCE_NAME, mapped));
		}
	}

}
