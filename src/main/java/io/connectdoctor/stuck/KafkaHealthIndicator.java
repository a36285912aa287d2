package io.connectdoctor.stuck;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code kafka} health component: whether the stuck-task check can read Kafka, and
 * why not. Kept out of the liveness, readiness and {@code /healthcheck} groups: Kafka
 * trouble is not Connect trouble.
 *
 * @author connect-doctor
 */
final class KafkaHealthIndicator implements HealthIndicator {

	private final StuckCheck check;

	private final String bootstrapServers;

	KafkaHealthIndicator(StuckCheck check, String bootstrapServers) {
		this.check = check;
		this.bootstrapServers = bootstrapServers;
	}

	@Override
	public Health health() {
		StuckReport report = this.check.report();
		Health.Builder builder = switch (report.kafka().state()) {
			case UP -> Health.up();
			case DOWN -> Health.down();
			case UNKNOWN -> Health.unknown();
		};
		builder.withDetail("bootstrapServers", this.bootstrapServers);
		if (report.kafka().reason() != null) {
			builder.withDetail("error", report.kafka().reason());
		}
		if (report.checkedAt() != null) {
			builder.withDetail("checkedAt", report.checkedAt())
				.withDetail("sinkConnectors", report.lags().size())
				.withDetail("watchedTasks", report.watched())
				.withDetail("stuckTasks", report.stuck().size());
		}
		return builder.build();
	}

}
