package io.connectdoctor.stuck;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import io.connectdoctor.settings.InvalidSettingException;
import io.connectdoctor.settings.Require;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When a RUNNING task counts as stuck. The check runs only when
 * {@code connect-doctor.kafka.bootstrap-servers} is set.
 *
 * @param interval how often offsets are read: one sample per interval
 * @param after how long a sink task's committed offsets must stand still while it has lag
 * (a source task's offsets, whatever they are) before it is STUCK; judged over every
 * sample in that window, never on one
 * @param sourceInclude regular expressions (whole-name match) of source connectors whose
 * offsets are checked too (KIP-875, Kafka 3.5+); none by default, since a source with
 * nothing new to read looks the same as a stuck one
 * @param requestTimeout deadline of each Kafka Admin call of a check
 * @author connect-doctor
 */
@ConfigurationProperties("connect-doctor.stuck")
public record StuckProperties(@DefaultValue("60s") Duration interval, @DefaultValue("10m") Duration after,
		@DefaultValue List<String> sourceInclude, @DefaultValue("30s") Duration requestTimeout) {

	private static final String PREFIX = "connect-doctor.stuck.";

	public StuckProperties {
		Require.between(PREFIX + "interval", interval, Duration.ofMillis(100), Duration.ofDays(1));
		Require.between(PREFIX + "request-timeout", requestTimeout, Duration.ofMillis(100), Duration.ofMinutes(10));
		if (after == null || after.compareTo(interval) < 0) {
			throw new InvalidSettingException(PREFIX + "after", "must be at least " + PREFIX + "interval (" + interval
					+ "): a task is judged over several samples, never one (was " + after + ")");
		}
		sourceInclude = List.copyOf(sourceInclude);
	}

	/**
	 * Return the source-include patterns, compiled.
	 * @return the patterns, blanks left out
	 * @throws InvalidSettingException naming the property when one is not a regular
	 * expression
	 */
	public List<Pattern> compiledSourceInclude() {
		return Require.patterns(PREFIX + "source-include", this.sourceInclude);
	}

}
