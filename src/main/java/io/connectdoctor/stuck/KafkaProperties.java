package io.connectdoctor.stuck;

import java.util.HashMap;
import java.util.Map;

import io.connectdoctor.settings.InvalidSettingException;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How connect-doctor reaches Kafka itself, for the stuck-task check. Optional: without
 * {@code bootstrap-servers} the check is off and nothing else changes.
 *
 * @param bootstrapServers the brokers, as a Kafka client's {@code bootstrap.servers}
 * @param properties further Kafka client settings, passed as they are to Kafka's
 * {@code Admin} client ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}, ...);
 * their values are never printed
 * @author connect-doctor
 */
@ConfigurationProperties("connect-doctor.kafka")
public record KafkaProperties(@Nullable String bootstrapServers, @DefaultValue Map<String, String> properties) {

	private static final String PREFIX = "connect-doctor.kafka.";

	public KafkaProperties {
		properties = Map.copyOf(properties);
		if (properties.containsKey("bootstrap.servers")) {
			throw new InvalidSettingException(PREFIX + "properties.bootstrap.servers",
					"set " + PREFIX + "bootstrap-servers instead");
		}
		if (!properties.isEmpty() && !isSet(bootstrapServers)) {
			throw new InvalidSettingException(PREFIX + "bootstrap-servers", "is not set, but " + PREFIX
					+ "properties.* are: the stuck-task check needs the brokers' " + "addresses");
		}
	}

	private static boolean isSet(@Nullable String value) {
		return value != null && !value.isBlank();
	}

	/**
	 * Return whether Kafka can be reached: the stuck-task check is on.
	 * @return {@code true} when {@code bootstrap-servers} is set
	 */
	public boolean isConfigured() {
		return isSet(this.bootstrapServers);
	}

	/**
	 * Return the Admin client's configuration: the user's properties, the brokers, and a
	 * client id unless the user chose one.
	 * @return the configuration
	 */
	Map<String, Object> adminConfig() {
		Map<String, Object> config = new HashMap<>(this.properties);
		config.put("bootstrap.servers", this.bootstrapServers);
		config.putIfAbsent("client.id", "connect-doctor");
		return config;
	}

	/**
	 * Check the Admin client's configuration as Kafka will, without connecting.
	 * @throws InvalidSettingException naming the setting Kafka refuses
	 */
	public void check() {
		try {
			new AdminClientConfig(adminConfig());
		}
		catch (ConfigException ex) {
			// Kafka's message names the key; a password-typed value prints as [hidden].
			throw new InvalidSettingException(PREFIX + "properties", ex.getMessage(), ex);
		}
	}

	@Override
	public String toString() {
		// Keys only: values may be passwords, JAAS lines or tokens.
		return "KafkaProperties[bootstrapServers=" + this.bootstrapServers + ", properties="
				+ new java.util.TreeSet<>(this.properties.keySet()) + "]";
	}

}
