package io.connectdoctor.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.connectdoctor.connect.ClusterSnapshot;
import io.connectdoctor.connect.ClusterStatus;
import io.connectdoctor.connect.ConnectorStatus;
import io.connectdoctor.connect.ReadMethod;
import io.connectdoctor.connect.State;
import io.connectdoctor.connect.TaskStatus;
import io.connectdoctor.connect.UnitId;
import io.connectdoctor.connect.WorkerSelector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The report's counts from one snapshot: every task state has its count (RESTARTING and
 * STUCK included), STUCK tasks are listed with the check's reason, and a sink carries its
 * lag.
 *
 * @author connect-doctor
 */
class ConnectorReportTests {

	private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

	@Test
	void everyTaskStateIsCountedAndStuckTasksAreListedWithTheirReason() {
		ConnectorStatus sink = new ConnectorStatus("orders-sink", "sink", State.RUNNING, "w0:8083", null,
				List.of(task(0, State.RUNNING, null), task(1, State.RESTARTING, null), task(2, State.FAILED, "boom"),
						task(3, State.RUNNING, null), task(4, State.UNASSIGNED, null)));
		TreeMap<String, ConnectorStatus> connectors = new TreeMap<>(Map.of(sink.name(), sink));
		ClusterStatus status = new ClusterStatus(connectors, ReadMethod.EXPANDED, List.of(sink.name()))
			.withStuck(Map.of(new UnitId("orders-sink", 3), "RUNNING, but the committed offsets ... have not moved",
					new UnitId("orders-sink", 1), "never applied to a task that is not RUNNING"));

		ConnectorReport report = ConnectorReport.of(ClusterSnapshot.of(T0, status, WorkerSelector.EVERY_WORKER),
				(unit) -> null, (name) -> new ConnectorReport.Lag("connect-" + name, 42));

		ConnectorReport.Connector connector = report.connectors().get(0);
		assertThat(connector.tasks()).isEqualTo(new ConnectorReport.TaskCounts(5, 1, 1, 0, 1, 1, 1));
		assertThat(report.totals().tasks()).isEqualTo(connector.tasks());
		assertThat(connector.stuck()).singleElement().satisfies((unit) -> {
			assertThat(unit.taskId()).isEqualTo(3);
			assertThat(unit.trace()).startsWith("RUNNING, but the committed offsets");
		});
		assertThat(connector.failedUnits()).extracting(ConnectorReport.FailedUnit::taskId).containsExactly(2);
		assertThat(connector.lag()).isEqualTo(new ConnectorReport.Lag("connect-orders-sink", 42));
		assertThat(report.hasFailures()).isTrue();
	}

	@Test
	void connectorWithAnyFailedUnitIsFlaggedFailedAndCountedOnce() {
		ConnectorStatus taskFailed = new ConnectorStatus("orders-sink", "sink", State.RUNNING, "w0:8083", null,
				List.of(task(0, State.FAILED, "boom"), task(1, State.FAILED, "boom")));
		ConnectorStatus instanceFailed = new ConnectorStatus("audit-sink", "sink", State.FAILED, "w0:8083",
				"bad config", List.of());
		ConnectorStatus healthy = new ConnectorStatus("clicks-source", "source", State.RUNNING, "w0:8083", null,
				List.of(new TaskStatus("clicks-source", 0, State.RUNNING, "w0:8083", null)));
		TreeMap<String, ConnectorStatus> connectors = new TreeMap<>();
		for (ConnectorStatus connector : List.of(taskFailed, instanceFailed, healthy)) {
			connectors.put(connector.name(), connector);
		}
		ClusterStatus status = new ClusterStatus(connectors, ReadMethod.EXPANDED, List.copyOf(connectors.keySet()));

		ConnectorReport report = ConnectorReport.of(ClusterSnapshot.of(T0, status, WorkerSelector.EVERY_WORKER),
				(unit) -> null);

		assertThat(report.connectors()).extracting(ConnectorReport.Connector::name, ConnectorReport.Connector::failed)
			.containsExactly(tuple("audit-sink", true), tuple("clicks-source", false), tuple("orders-sink", true));
		assertThat(report.totals().failedConnectors()).isEqualTo(2);
		assertThat(report.totals().runningConnectors()).isEqualTo(2);
		assertThat(report.hasFailures()).isTrue();
	}

	private static TaskStatus task(int id, State state, String trace) {
		return new TaskStatus("orders-sink", id, state, "w0:8083", trace);
	}

}
