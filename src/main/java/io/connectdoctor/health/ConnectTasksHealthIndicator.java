package io.connectdoctor.health;

import java.time.Clock;
import java.time.Instant;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The targeted worker's tasks, as {@code /healthcheck} sees them: DOWN with the failures,
 * or DOWN with the reason when Connect cannot be read.
 *
 * @author connect-doctor
 */
final class ConnectTasksHealthIndicator implements HealthIndicator {

	private final HealthEvaluator evaluator;

	private final Clock clock;

	ConnectTasksHealthIndicator(HealthEvaluator evaluator, Clock clock) {
		this.evaluator = evaluator;
		this.clock = clock;
	}

	@Override
	public Health health() {
		HealthReport report = this.evaluator.report();
		Instant now = this.clock.instant();
		String error = report.error(now);
		Health.Builder builder = (error == null && report.failures().isEmpty()) ? Health.up() : Health.down();
		builder.withDetail("target", this.evaluator.target().description());
		if (error != null) {
			return builder.withDetail("error", error).build();
		}
		return builder.withDetail("polledAt", report.snapshotAt().toString())
			.withDetail("connectors", report.byConnector().size())
			.withDetail("failures", report.failures())
			.build();
	}

}
