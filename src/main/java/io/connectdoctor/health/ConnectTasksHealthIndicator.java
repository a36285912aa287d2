package io.connectdoctor.health;

import java.time.Clock;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The targeted worker's tasks: the verdict {@code /healthcheck} answers, rendered as a
 * health.
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
		Verdict verdict = report.verdict(this.clock.instant());
		Health.Builder builder = verdict.toHealth().withDetail("target", this.evaluator.target().description());
		if (verdict.error() == null && report.snapshotAt() != null) {
			builder.withDetail("polledAt", report.snapshotAt().toString())
				.withDetail("connectors", report.byConnector().size());
		}
		return builder.build();
	}

}
