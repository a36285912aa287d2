package io.connectdoctor.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

import io.connectdoctor.connect.ClusterSnapshot;
import io.connectdoctor.connect.ClusterStatus;
import io.connectdoctor.connect.ConnectCallException;
import io.connectdoctor.connect.ConnectorStatus;
import io.connectdoctor.connect.PollState;
import io.connectdoctor.connect.ReadMethod;
import io.connectdoctor.connect.State;
import io.connectdoctor.connect.TaskStatus;
import io.connectdoctor.connect.WorkerHealth;
import io.connectdoctor.target.WorkerTarget;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connector and task state sets as Prometheus scrapes them, and the doctor's own meters,
 * poll by poll.
 *
 * @author connect-doctor
 */
class ConnectStateMetricsTests {

	private WorkerTarget target = WorkerTarget.cluster();

	private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

	private static final String MINE = "connect-0:8083";

	private static final String OTHER = "connect-1:8083";

	private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void taskStateIsAStateSetWithOneForTheCurrentState() {
		UnitStateCollector collector = collector(WorkerTarget.cluster(), true);
		collector.onPoll(poll(connector("orders", task(0, State.FAILED, MINE), task(1, State.RUNNING, OTHER))));
		String scrape = this.prometheus.scrape();
		assertThat(scrape).contains(
				"connect_task_state{connector=\"orders\",state=\"failed\",task=\"0\",worker=\"connect-0:8083\"} 1.0")
			.contains(
					"connect_task_state{connector=\"orders\",state=\"running\",task=\"0\",worker=\"connect-0:8083\"} 0.0")
			.contains(
					"connect_task_state{connector=\"orders\",state=\"running\",task=\"1\",worker=\"connect-1:8083\"} 1.0")
			.contains("connect_connector_tasks{connector=\"orders\",state=\"failed\"} 1.0")
			.contains("connect_connector_state{connector=\"orders\",state=\"running\",worker=\"connect-0:8083\"} 1.0");
		assertThat(lines(scrape, "connect_task_state{connector=\"orders\",state=", "task=\"0\"")).hasSize(6);
		assertThat(lines(scrape, "connect_connector_state{connector=\"orders\"")).hasSize(7);
	}

	@Test
	void seriesOfADeletedConnectorDisappearAtTheNextPoll() {
		UnitStateCollector collector = collector(WorkerTarget.cluster(), true);
		collector.onPoll(poll(connector("orders", task(0, State.FAILED, MINE)), connector("billing")));
		collector.onPoll(poll(connector("billing")));
		assertThat(this.prometheus.scrape()).doesNotContain("connector=\"orders\"").contains("connector=\"billing\"");
	}

	@Test
	void failedPollKeepsTheLastReadStates() {
		UnitStateCollector collector = collector(WorkerTarget.cluster(), true);
		collector.onPoll(poll(connector("orders", task(0, State.FAILED, MINE))));
		collector.onPoll(new PollState(null, null,
				ConnectCallException.unreachable("GET /connectors", "connection refused", null), T0, Duration.ZERO));
		assertThat(this.prometheus.scrape())
			.contains("connect_connector_tasks{connector=\"orders\",state=\"failed\"} 1.0");
	}

	@Test
	void perTaskSeriesCanBeSwitchedOffKeepingPerConnectorCounts() {
		UnitStateCollector collector = collector(WorkerTarget.cluster(), false);
		collector.onPoll(poll(connector("orders", task(0, State.FAILED, MINE), task(1, State.FAILED, MINE))));
		String scrape = this.prometheus.scrape();
		assertThat(scrape).doesNotContain("connect_task_state{")
			.contains("connect_connector_tasks{connector=\"orders\",state=\"failed\"} 2.0");
	}

	@Test
	void perTaskSeriesAboveTheLimitAreLeftOutKeepingPerConnectorCounts() {
		UnitStateCollector collector = new UnitStateCollector(new MetricsProperties(true, 12));
		this.prometheus.getPrometheusRegistry().register(collector);
		collector.onPoll(poll(connector("orders", task(0, State.FAILED, MINE), task(1, State.RUNNING, MINE))));
		assertThat(this.prometheus.scrape()).contains("connect_task_state{");
		collector.onPoll(poll(connector("orders", task(0, State.FAILED, MINE), task(1, State.RUNNING, MINE),
				task(2, State.RUNNING, MINE))));
		assertThat(this.prometheus.scrape()).doesNotContain("connect_task_state{")
			.contains("connect_connector_tasks{connector=\"orders\",state=\"running\"} 2.0");
	}

	@Test
	void sidecarPublishesOnlyUnitsOfItsTargetedWorker() {
		UnitStateCollector collector = collector(WorkerTarget.of(List.of(MINE)), true);
		collector.onPoll(poll(connector("orders", task(0, State.FAILED, MINE), task(1, State.FAILED, OTHER))));
		String scrape = this.prometheus.scrape();
		assertThat(scrape).doesNotContain("task=\"1\"")
			.contains("connect_task_state{connector=\"orders\",state=\"failed\",task=\"0\"")
			.contains("connect_connector_tasks{connector=\"orders\",state=\"failed\"} 1.0");
	}

	@Test
	void totalsByStateAreMicrometerGaugesForActuatorMetrics() {
		ConnectStateMetrics metrics = metrics(WorkerTarget.of(List.of(MINE)));
		metrics.onPoll(poll(connector("orders", task(0, State.FAILED, MINE), task(1, State.FAILED, OTHER),
				task(2, State.RUNNING, MINE))));
		assertThat(this.registry.get("connect.tasks").tag("state", "failed").gauge().value()).isEqualTo(1);
		assertThat(this.registry.get("connect.tasks").tag("state", "running").gauge().value()).isEqualTo(1);
		assertThat(this.registry.get("connect.connectors").tag("state", "running").gauge().value()).isEqualTo(1);
	}

	@Test
	void doctorMetersFollowReachabilityErrorsAndWorkerHealth() {
		ConnectStateMetrics metrics = metrics(WorkerTarget.cluster());
		metrics.onPoll(poll(connector("orders")));
		assertThat(this.registry.get("connect.doctor.connect.reachable").gauge().value()).isEqualTo(1);
		assertThat(this.registry.get("connect.doctor.snapshot.age").gauge().value()).isEqualTo(30);
		ConnectCallException refused = ConnectCallException.unreachable("GET /connectors", "connection refused", null);
		metrics.onPoll(new PollState(poll(connector("orders")).snapshot(),
				new WorkerHealth(WorkerHealth.Status.UNREACHABLE, WorkerHealth.Source.KIP_1017, "refused"), refused, T0,
				Duration.ZERO));
		assertThat(this.registry.get("connect.doctor.connect.reachable").gauge().value()).isZero();
		assertThat(this.registry.get("connect.doctor.poll.errors").tag("kind", "unreachable").counter().count())
			.isEqualTo(1);
		assertThat(this.registry.get("connect.doctor.worker.status").tag("status", "unreachable").gauge().value())
			.isEqualTo(1);
		assertThat(this.registry.get("connect.doctor.worker.status").tag("status", "healthy").gauge().value()).isZero();
		assertThat(this.registry.get("connect.doctor.poll.duration").timer().count()).isEqualTo(2);
	}

	@Test
	void noLabelHoldsATraceOrACount() {
		UnitStateCollector collector = collector(WorkerTarget.cluster(), true);
		collector.onPoll(poll(connector("orders", task(0, State.FAILED, MINE))));
		assertThat(this.prometheus.scrape()).doesNotContain("Exception");
	}

	private static List<String> lines(String scrape, String... parts) {
		return Arrays.stream(scrape.split("\n"))
			.filter((line) -> Arrays.stream(parts).allMatch(line::contains))
			.toList();
	}

	private UnitStateCollector collector(WorkerTarget target, boolean taskSeries) {
		this.target = target;
		UnitStateCollector collector = new UnitStateCollector(new MetricsProperties(taskSeries, 50_000));
		this.prometheus.getPrometheusRegistry().register(collector);
		return collector;
	}

	private ConnectStateMetrics metrics(WorkerTarget target) {
		this.target = target;
		ConnectStateMetrics metrics = new ConnectStateMetrics(Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC),
				this.registry);
		return metrics;
	}

	private PollState poll(ConnectorStatus... connectors) {
		TreeMap<String, ConnectorStatus> byName = new TreeMap<>();
		Arrays.stream(connectors).forEach((c) -> byName.put(c.name(), c));
		return new PollState(
				ClusterSnapshot.of(T0, new ClusterStatus(byName, ReadMethod.EXPANDED, List.copyOf(byName.keySet())),
						this.target),
				new WorkerHealth(WorkerHealth.Status.HEALTHY, WorkerHealth.Source.KIP_1017, "ok"), null, T0,
				Duration.ZERO);
	}

	private static ConnectorStatus connector(String name, TaskStatus... tasks) {
		List<TaskStatus> named = Arrays.stream(tasks)
			.map((t) -> new TaskStatus(name, t.id(), t.state(), t.workerId(), t.trace()))
			.toList();
		return new ConnectorStatus(name, "sink", State.RUNNING, MINE, null, named);
	}

	private static TaskStatus task(int id, State state, String worker) {
		return new TaskStatus("", id, state, worker,
				(state == State.FAILED) ? "org.example.SomeException: boom" : null);
	}

}
