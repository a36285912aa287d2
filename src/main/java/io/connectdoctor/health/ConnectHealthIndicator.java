package io.connectdoctor.health;

import java.time.Clock;

import io.connectdoctor.connect.ConnectClient;
import io.connectdoctor.connect.ConnectPoller;
import io.connectdoctor.connect.PollState;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether connect-doctor can answer truthfully: its latest poll read Connect and the
 * snapshot is fresh. Part of readiness.
 *
 * @author connect-doctor
 */
final class ConnectHealthIndicator implements HealthIndicator {

	private final ConnectPoller poller;

	private final ConnectClient client;

	private final HealthEvaluator evaluator;

	private final Clock clock;

	ConnectHealthIndicator(ConnectPoller poller, ConnectClient client, HealthEvaluator evaluator, Clock clock) {
		this.poller = poller;
		this.client = client;
		this.evaluator = evaluator;
		this.clock = clock;
	}

	@Override
	public Health health() {
		PollState state = this.poller.current();
		String error = this.evaluator.report().error(this.clock.instant());
		Health.Builder builder = (error == null) ? Health.up() : Health.down().withDetail("error", error);
		builder.withDetail("url", this.client.endpoint().baseUrl());
		if (state.snapshot() != null) {
			builder.withDetail("lastRead", state.snapshot().polledAt().toString())
				.withDetail("readMethod", state.snapshot().status().readMethod())
				.withDetail("connectors", state.snapshot().status().connectors().size());
		}
		return builder.build();
	}

}
