package io.connectdoctor.health;

import java.time.Clock;
import java.util.stream.Stream;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * One health indicator per watched connector, so
 * {@code /actuator/health/connectors/{name}} answers for a single connector. The set
 * follows the latest poll: connectors appear and disappear with the cluster.
 *
 * @author connect-doctor
 */
final class ConnectorsHealthContributor implements CompositeHealthContributor {

	private final HealthEvaluator evaluator;

	private final Clock clock;

	ConnectorsHealthContributor(HealthEvaluator evaluator, Clock clock) {
		this.evaluator = evaluator;
		this.clock = clock;
	}

	@Override
	public HealthContributor getContributor(String name) {
		return this.evaluator.report().byConnector().containsKey(name) ? indicator(name) : null;
	}

	@Override
	public Stream<HealthContributors.Entry> stream() {
		return this.evaluator.report()
			.byConnector()
			.keySet()
			.stream()
			.map((name) -> new HealthContributors.Entry(name, indicator(name)));
	}

	private HealthIndicator indicator(String connector) {
		return () -> this.evaluator.report().verdict(connector, this.clock.instant()).toHealth().build();
	}

}
