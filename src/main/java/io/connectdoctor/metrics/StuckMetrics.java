package io.connectdoctor.metrics;

import java.util.List;
import java.util.Map;

import io.connectdoctor.stuck.StuckCheck;
import io.connectdoctor.stuck.StuckReport;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * What the stuck-task check found: each sink connector's lag
 * ({@code connect_connector_lag}, written into the scrape from the latest check, like the
 * per-unit state sets), the stuck tasks, whether Kafka could be read, and the Admin
 * client's requests. A stuck task's own signal is its state set,
 * {@code connect_task_state{state="stuck"}}.
 *
 * @author connect-doctor
 */
final class StuckMetrics implements MultiCollector {

	static final String CONNECTOR_LAG = "connect_connector_lag";

	private final StuckCheck check;

	StuckMetrics(StuckCheck check, MeterRegistry registry) {
		this.check = check;
		Gauge.builder("connect.doctor.stuck.tasks", check, (c) -> c.report().stuck().size())
			.description("Tasks Connect reports RUNNING that the stuck-task check found moving no data")
			.register(registry);
		Gauge.builder("connect.doctor.kafka.reachable", check, StuckMetrics::kafkaReachable)
			.description("Whether the stuck-task check's latest read of Kafka succeeded (NaN before the first)")
			.register(registry);
		FunctionCounter.builder("connect.doctor.stuck.checks", check, (c) -> c.report().checks())
			.description("Stuck-task checks run")
			.register(registry);
		Gauge.builder("connect.doctor.stuck.check.duration", check, (c) -> c.report().took().toNanos() / 1e9)
			.description("How long the latest stuck-task check took (reads of Kafka and Connect, judging)")
			.baseUnit("seconds")
			.register(registry);
		FunctionCounter.builder("connect.doctor.kafka.requests", check, (c) -> c.report().kafkaRequests())
			.description("Requests the stuck-task check's Kafka Admin client has sent")
			.register(registry);
	}

	private static double kafkaReachable(StuckCheck check) {
		return switch (check.report().kafka().state()) {
			case UP -> 1;
			case DOWN -> 0;
			case UNKNOWN -> Double.NaN;
		};
	}

	@Override
	public List<String> getPrometheusNames() {
		return List.of(CONNECTOR_LAG);
	}

	@Override
	public MetricSnapshots collect() {
		GaugeSnapshot.Builder lags = GaugeSnapshot.builder()
			.name(CONNECTOR_LAG)
			.help("Records a sink connector's consumer group has yet to commit, as of the latest stuck-task check");
		for (Map.Entry<String, StuckReport.ConnectorLag> entry : this.check.report().lags().entrySet()) {
			lags.dataPoint(GaugeDataPointSnapshot.builder()
				.labels(Labels.of("connector", entry.getKey(), "group", entry.getValue().group()))
				.value(entry.getValue().lag())
				.build());
		}
		return MetricSnapshots.of(lags.build());
	}

}
