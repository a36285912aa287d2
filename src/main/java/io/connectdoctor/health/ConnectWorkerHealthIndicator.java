package io.connectdoctor.health;

import java.time.Clock;
import java.time.Duration;

import io.connectdoctor.connect.ConnectPoller;
import io.connectdoctor.connect.PollState;
import io.connectdoctor.connect.WorkerHealth;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of the worker connect-doctor talks to, from Kafka's own {@code GET /health}
 * (KIP-1017) or, on workers before 3.9, from whether its REST API answers. The detail
 * {@code source} says which. No answer yet, or one older than the staleness limit, is
 * UNKNOWN, as on every other indicator.
 *
 * @author connect-doctor
 */
final class ConnectWorkerHealthIndicator implements HealthIndicator {

	private final ConnectPoller poller;

	private final Duration stalenessLimit;

	private final Clock clock;

	ConnectWorkerHealthIndicator(ConnectPoller poller, Duration stalenessLimit, Clock clock) {
		this.poller = poller;
		this.stalenessLimit = stalenessLimit;
		this.clock = clock;
	}

	@Override
	public Health health() {
		PollState state = this.poller.current();
		WorkerHealth worker = state.workerHealth();
		if (worker == null || state.attemptedAt() == null) {
			return Health.unknown().withDetail("error", "no answer from the worker yet").build();
		}
		// The same staleness rule as every other verdict, applied to the latest poll,
		// which reads the worker's health even when it cannot read the cluster's status.
		String stale = HealthReport.staleness("last poll of the worker", state.attemptedAt(), this.stalenessLimit,
				this.clock.instant());
		if (stale != null) {
			return Health.unknown().withDetail("error", stale).build();
		}
		Status status = switch (worker.status()) {
			case HEALTHY -> Status.UP;
			case STARTING -> Status.OUT_OF_SERVICE;
			// Wrong credentials say nothing of the worker, but nothing healthy either:
			// DOWN, with the status UNAUTHORIZED and the reason.
			case UNHEALTHY, UNREACHABLE, UNAUTHORIZED -> Status.DOWN;
		};
		Health.Builder builder = Health.status(status)
			.withDetail("status", worker.status())
			.withDetail("source", (worker.source() == WorkerHealth.Source.KIP_1017) ? "kip-1017" : "rest-api");
		if (worker.message() != null) {
			builder.withDetail("message", worker.message());
		}
		return builder.build();
	}

}
