package io.connectdoctor.metrics;

import java.time.Clock;
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
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connector and task state sets and the doctor's own meters, poll by poll.
 *
 * @author connect-doctor
 */
class ConnectStateMetricsTests {

	private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

	private static final String MINE = "connect-0:8083";

	private static final String OTHER = "connect-1:8083";

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void taskStateIsAStateSetWithOneForTheCurrentState() {
		ConnectStateMetrics metrics = metrics(WorkerTarget.cluster(), true);
		metrics.onPoll(poll(connector("orders", task(0, State.FAILED, MINE), task(1, State.RUNNING, OTHER))));
		assertThat(taskState("orders", "0", "failed")).isEqualTo(1);
		assertThat(taskState("orders", "0", "running")).isZero();
		assertThat(taskState("orders", "1", "running")).isEqualTo(1);
		assertThat(this.registry.find("connect.task.state").tag("connector", "orders").tag("task", "0").gauges())
			.hasSize(6);
		assertThat(this.registry.get("connect.connector.tasks")
			.tag("connector", "orders")
			.tag("state", "failed")
			.gauge()
			.value()).isEqualTo(1);
		assertThat(this.registry.get("connect.connector.state")
			.tag("connector", "orders")
			.tag("state", "running")
			.gauge()
			.value()).isEqualTo(1);
	}

	@Test
	void seriesOfADeletedConnectorDisappearAtTheNextPoll() {
		ConnectStateMetrics metrics = metrics(WorkerTarget.cluster(), true);
		metrics.onPoll(poll(connector("orders", task(0, State.FAILED, MINE)), connector("billing")));
		metrics.onPoll(poll(connector("billing")));
		assertThat(this.registry.find("connect.task.state").tag("connector", "orders").gauges()).isEmpty();
		assertThat(this.registry.find("connect.connector.state").tag("connector", "orders").gauges()).isEmpty();
		assertThat(this.registry.find("connect.connector.tasks").tag("connector", "orders").gauges()).isEmpty();
		assertThat(this.registry.find("connect.connector.state").tag("connector", "billing").gauges()).isNotEmpty();
	}

	@Test
	void perTaskSeriesCanBeSwitchedOffKeepingPerConnectorCounts() {
		ConnectStateMetrics metrics = metrics(WorkerTarget.cluster(), false);
		metrics.onPoll(poll(connector("orders", task(0, State.FAILED, MINE), task(1, State.FAILED, MINE))));
		assertThat(this.registry.find("connect.task.state").gauges()).isEmpty();
		assertThat(this.registry.get("connect.connector.tasks")
			.tag("connector", "orders")
			.tag("state", "failed")
			.gauge()
			.value()).isEqualTo(2);
	}

	@Test
	void sidecarPublishesOnlyUnitsOfItsTargetedWorker() {
		ConnectStateMetrics metrics = metrics(WorkerTarget.of(List.of(MINE)), true);
		metrics.onPoll(poll(connector("orders", task(0, State.FAILED, MINE), task(1, State.FAILED, OTHER))));
		assertThat(this.registry.find("connect.task.state").tag("task", "1").gauges()).isEmpty();
		assertThat(taskState("orders", "0", "failed")).isEqualTo(1);
		assertThat(this.registry.get("connect.connector.tasks")
			.tag("connector", "orders")
			.tag("state", "failed")
			.gauge()
			.value()).isEqualTo(1);
	}

	@Test
	void doctorMetersFollowReachabilityErrorsAndWorkerHealth() {
		ConnectStateMetrics metrics = metrics(WorkerTarget.cluster(), true);
		metrics.onPoll(poll(connector("orders")));
		assertThat(this.registry.get("connect.doctor.connect.reachable").gauge().value()).isEqualTo(1);
		assertThat(this.registry.get("connect.doctor.snapshot.age").gauge().value()).isEqualTo(30);
		ConnectCallException refused = ConnectCallException.unreachable("GET /connectors", "connection refused", null);
		metrics.onPoll(new PollState(poll(connector("orders")).snapshot(),
				new WorkerHealth(WorkerHealth.Status.UNREACHABLE, WorkerHealth.Source.KIP_1017, "refused"), refused,
				T0));
		assertThat(this.registry.get("connect.doctor.connect.reachable").gauge().value()).isZero();
		assertThat(this.registry.get("connect.doctor.poll.errors").tag("kind", "unreachable").counter().count())
			.isEqualTo(1);
		assertThat(this.registry.get("connect.doctor.worker.status").tag("status", "unreachable").gauge().value())
			.isEqualTo(1);
		assertThat(this.registry.get("connect.doctor.worker.status").tag("status", "healthy").gauge().value()).isZero();
		assertThat(this.registry.get("connect.doctor.poll.duration").timer().count()).isEqualTo(2);
	}

	@Test
	void noTagHoldsATraceOrACount() {
		ConnectStateMetrics metrics = metrics(WorkerTarget.cluster(), true);
		metrics.onPoll(poll(connector("orders", task(0, State.FAILED, MINE))));
		assertThat(this.registry.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTags())
			.allSatisfy((tag) -> assertThat(tag.getValue()).doesNotContain("Exception").hasSizeLessThan(100)));
	}

	private double taskState(String connector, String task, String state) {
		Gauge gauge = this.registry.get("connect.task.state")
			.tag("connector", connector)
			.tag("task", task)
			.tag("state", state)
			.gauge();
		return gauge.value();
	}

	private ConnectStateMetrics metrics(WorkerTarget target, boolean taskSeries) {
		ConnectStateMetrics metrics = new ConnectStateMetrics(target, new MetricsProperties(taskSeries),
				Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC));
		metrics.bindTo(this.registry);
		return metrics;
	}

	private static PollState poll(ConnectorStatus... connectors) {
		TreeMap<String, ConnectorStatus> byName = new TreeMap<>();
		Arrays.stream(connectors).forEach((c) -> byName.put(c.name(), c));
		return new PollState(new ClusterSnapshot(T0, new ClusterStatus(byName, ReadMethod.EXPANDED)),
				new WorkerHealth(WorkerHealth.Status.HEALTHY, WorkerHealth.Source.KIP_1017, "ok"), null, T0);
	}

	private static ConnectorStatus connector(String name, TaskStatus... tasks) {
		return new ConnectorStatus(name, "sink", State.RUNNING, MINE, null, List.of(tasks));
	}

	private static TaskStatus task(int id, State state, String worker) {
		return new TaskStatus(id, state, worker, (state == State.FAILED) ? "org.example.SomeException: boom" : null);
	}

}
