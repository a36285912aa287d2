package io.connectdoctor.health;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.connectdoctor.connect.ConnectClient;
import io.connectdoctor.connect.State;
import io.connectdoctor.settings.Require;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What counts as a failure, and when an answer is too old to trust.
 *
 * @param failingStates task states that count as a failure on a targeted worker
 * @param countConnectorFailures whether a connector instance in one of those states on a
 * targeted worker counts too (Doctor Kafka Connect counted tasks only)
 * @param gracePeriod how long a unit must stay in a failing state before it counts; use
 * with {@code UNASSIGNED} to ride out rebalances
 * @param include regular expressions (whole-name match) of connectors to watch; all when
 * empty
 * @param exclude regular expressions (whole-name match) of connectors never to count
 * @param stalenessLimit age of the last successful read of Connect after which every
 * answer is 503; three poll intervals when not set, but at least one interval plus the
 * request deadline
 * @param traceMaxLength characters of a failure's stack trace kept in answers, which
 * keeps a probe's answer bounded; traces are cut to it while Connect's answer is read, so
 * long traces cost no memory beyond it
 * @param includeTraces whether {@code /healthcheck} answers and health details carry the
 * failures' traces; off for probes reachable from a shared network
 * @author connect-doctor
 */
@ConfigurationProperties("connect-doctor.health")
public record HealthProperties(@DefaultValue("FAILED") Set<State> failingStates,
		@DefaultValue("false") boolean countConnectorFailures, @DefaultValue("0s") Duration gracePeriod,
		@DefaultValue List<String> include, @DefaultValue List<String> exclude, @Nullable Duration stalenessLimit,
		@DefaultValue(ConnectClient.DEFAULT_TRACE_MAX_LENGTH) int traceMaxLength,
		@DefaultValue("true") boolean includeTraces) {

	private static final String PREFIX = "connect-doctor.health.";

	public HealthProperties {
		Require.notEmpty(PREFIX + "failing-states", failingStates);
		Require.atLeast(PREFIX + "grace-period", gracePeriod, Duration.ZERO);
		Require.atLeast(PREFIX + "staleness-limit", stalenessLimit, Duration.ofMillis(1));
		Require.atLeast(PREFIX + "trace-max-length", traceMaxLength, 0);
	}

}
