package io.connectdoctor.metrics;

import io.connectdoctor.connect.UnitId;
import io.connectdoctor.healing.Healer;
import io.connectdoctor.healing.RestartResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The healer's meters exist from construction: the first poll, and the restarts it
 * triggers, run while the application is still starting.
 *
 * @author connect-doctor
 */
class HealingMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final HealingMetrics metrics = new HealingMetrics(
			new StaticListableBeanFactory().getBeanProvider(Healer.class), this.registry);

	@Test
	void restartReportedRightAfterConstructionIsCountedByConnectorKindAndOutcome() {
		this.metrics.onRestart(new UnitId("orders", 0), RestartResult.ACCEPTED);
		this.metrics.onRestart(new UnitId("orders", 1), RestartResult.ACCEPTED);
		this.metrics.onRestart(new UnitId("orders", null), RestartResult.CONFLICT);
		assertThat(this.registry.get("connect.doctor.healing.restarts")
			.tags("connector", "orders", "kind", "task", "outcome", "accepted")
			.counter()
			.count()).isEqualTo(2);
		assertThat(this.registry.get("connect.doctor.healing.restarts")
			.tags("connector", "orders", "kind", "connector", "outcome", "conflict")
			.counter()
			.count()).isEqualTo(1);
	}

}
