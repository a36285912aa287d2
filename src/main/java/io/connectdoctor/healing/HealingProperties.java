package io.connectdoctor.healing;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import io.connectdoctor.settings.InvalidSettingException;
import io.connectdoctor.settings.Require;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the healer restarts failed tasks and connector instances.
 *
 * @param enabled whether the healer runs at all
 * @param dryRun log and count every decision but send no restart
 * @param maxRestarts restarts of one unit before it is given up; {@code -1} for no limit
 * (Connector Guardian's {@code MAX_RESTART})
 * @param initialBackoff wait after the first restart before the second
 * @param multiplier growth of the wait with each further restart (Connector Guardian's
 * {@code EXPONENTIAL_RATIO})
 * @param maxBackoff longest wait between two restarts of one unit
 * @param jitter random spread of each wait, as a fraction of it (0.2 is ±20 %)
 * @param stabilityWindow how long a unit must stay RUNNING on every poll before its
 * restart count starts again from zero
 * @param quarantinePatterns regular expressions; a failure whose trace contains a match
 * is quarantined (never restarted): a restart cannot fix it
 * @param include regular expressions (whole-name match) of connectors to heal; all when
 * empty
 * @param exclude regular expressions (whole-name match) of connectors never to heal
 * @param countFailuresWhileHealing whether a failure the healer is still restarting fails
 * {@code /healthcheck} at once; by default only given-up and quarantined units do
 * @param releaseEnabled whether an operator may release a given-up or quarantined unit
 * through the {@code healing} actuator endpoint
 * @param historySize healer actions kept for the {@code healing} endpoint
 * @param restartConcurrency restart requests in flight at once
 * @param interval how often the healing loop looks at the latest snapshot and sends the
 * restarts that are due; it runs apart from the poll, which never waits on a restart
 * @param maxRestartsPerMinute restarts sent in any minute, across all units; due units
 * beyond it wait their turn, oldest failure first
 * @param outageThreshold share of the counted units that, failing at once, is an outage:
 * only one canary unit is then restarted per back-off step
 * @param outageMinUnits failing units an outage needs at least, whatever the share
 * @param restartStuck whether a task the stuck-task check found STUCK is restarted like a
 * failed one, within the same back-off, limit and budget (only while the check is on:
 * without it no task is ever STUCK)
 * @author connect-doctor
 */
@ConfigurationProperties("connect-doctor.healing")
public record HealingProperties(@DefaultValue("true") boolean enabled, @DefaultValue("false") boolean dryRun,
		@DefaultValue("7") int maxRestarts, @DefaultValue("10s") Duration initialBackoff,
		@DefaultValue("2.0") double multiplier, @DefaultValue("10m") Duration maxBackoff,
		@DefaultValue("0.2") double jitter, @DefaultValue("5m") Duration stabilityWindow, @DefaultValue( {
				"org\\.apache\\.kafka\\.common\\.config\\.ConfigException",
				"(?i)(SaslAuthenticationException|AuthenticationException|AuthorizationException"
						+ "|authentication failed|not authorized|access denied|invalid credentials)",
				"(ClassNotFoundException|NoClassDefFoundError|Failed to find any class that implements)" }) List<String> quarantinePatterns,
		@DefaultValue List<String> include, @DefaultValue List<String> exclude,
		@DefaultValue("false") boolean countFailuresWhileHealing, @DefaultValue("false") boolean releaseEnabled,
		@DefaultValue("50") int historySize, @DefaultValue("4") int restartConcurrency,
		@DefaultValue("1s") Duration interval, @DefaultValue("30") int maxRestartsPerMinute,
		@DefaultValue("0.5") double outageThreshold, @DefaultValue("5") int outageMinUnits,
		@DefaultValue("true") boolean restartStuck){

	private static final String PREFIX = "connect-doctor.healing.";

	public HealingProperties {
		Require.atLeast(PREFIX + "max-restarts", maxRestarts, -1);
		Require.atLeast(PREFIX + "initial-backoff", initialBackoff, Duration.ZERO);
		Require.atLeast(PREFIX + "multiplier", multiplier, 1.0);
		Require.atLeast(PREFIX + "max-backoff", maxBackoff, Duration.ZERO);
		Require.between(PREFIX + "jitter", jitter, 0.0, 1.0);
		Require.atLeast(PREFIX + "stability-window", stabilityWindow, Duration.ZERO);
		Require.atLeast(PREFIX + "history-size", historySize, 1);
		Require.between(PREFIX + "restart-concurrency", restartConcurrency, 1, 64);
		Require.between(PREFIX + "interval", interval, Duration.ofMillis(10), Duration.ofHours(1));
		Require.between(PREFIX + "max-restarts-per-minute", maxRestartsPerMinute, 1, 10_000);
		Require.between(PREFIX + "outage-threshold", outageThreshold, 0.0, 1.0);
		Require.atLeast(PREFIX + "outage-min-units", outageMinUnits, 1);
	}

	/**
	 * Return the quarantine patterns, compiled.
	 * @return the patterns, blanks left out
	 * @throws InvalidSettingException naming the property when one is not a regular
	 * expression
	 */
	public List<Pattern> compiledQuarantinePatterns() {
		return Require.patterns(PREFIX + "quarantine-patterns", this.quarantinePatterns);
	}

}
