package io.connectdoctor.health;

import java.util.List;
import java.util.Locale;

import io.connectdoctor.settings.InvalidSettingException;
import io.connectdoctor.settings.Require;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The rules of devshawn/kafka-connect-healthcheck's answer at {@code GET /}, for its
 * users ({@code HEALTHCHECK_CONSIDERED_CONTAINERS},
 * {@code HEALTHCHECK_FAILURE_THRESHOLD_PERCENTAGE}). Its unhealthy states are
 * {@code connect-doctor.health.failing-states}, its worker id
 * {@code connect-doctor.target.worker-ids}.
 *
 * @param consideredContainers which units count: {@code CONNECTOR}, {@code TASK} or both
 * @param failureThresholdPercentage share of failed units (0 to 100) at or under which
 * the answer is still healthy
 * @author connect-doctor
 */
@ConfigurationProperties("connect-doctor.devshawn")
public record DevshawnProperties(@DefaultValue( {
		"CONNECTOR", "TASK" }) List<String> consideredContainers, @DefaultValue("0") double failureThresholdPercentage){

	private static final String PREFIX = "connect-doctor.devshawn.";

	public DevshawnProperties {
		consideredContainers = consideredContainers.stream()
			.map((container) -> container.strip().toLowerCase(Locale.ROOT))
			.filter((container) -> !container.isEmpty())
			.toList();
		for (String container : consideredContainers) {
			if (!container.equals("connector") && !container.equals("task")) {
				throw new InvalidSettingException(PREFIX + "considered-containers",
						"'" + container + "' is neither CONNECTOR nor TASK");
			}
		}
		Require.between(PREFIX + "failure-threshold-percentage", failureThresholdPercentage, 0.0, 100.0);
	}

	boolean considers(String container) {
		return this.consideredContainers.contains(container);
	}

}
