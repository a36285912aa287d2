package io.connectdoctor.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.connectdoctor.connect.ClusterSnapshot;
import io.connectdoctor.connect.ConnectorStatus;
import io.connectdoctor.connect.State;
import io.connectdoctor.connect.TaskStatus;
import io.connectdoctor.connect.Unit;
import io.connectdoctor.connect.UnitId;
import io.connectdoctor.healing.UnitView;
import org.jspecify.annotations.Nullable;

/**
 * What an operator looks at right after a deploy: every connector of the cluster with its
 * tasks by state, the failed units with their traces and the healer's view of each, and
 * the cluster's totals.
 *
 * @param polledAt when the cluster was read
 * @param totals the cluster's totals
 * @param connectors every connector, by name
 * @author connect-doctor
 */
public record ConnectorReport(Instant polledAt, Totals totals, List<Connector> connectors) {

	/**
	 * Build the report of a snapshot.
	 * @param snapshot the cluster as read by one poll
	 * @param healing the healer's view of a unit, or {@code null} when it has none
	 * @return the report
	 */
	public static ConnectorReport of(ClusterSnapshot snapshot, Function<UnitId, @Nullable UnitView> healing) {
		return of(snapshot, healing, (connector) -> null);
	}

	/**
	 * Build the report of a snapshot, with the stuck-task check's lag of each sink
	 * connector.
	 * @param snapshot the cluster as read by one poll
	 * @param healing the healer's view of a unit, or {@code null} when it has none
	 * @param lag a sink connector's consumer group and lag, or {@code null} when the
	 * check has none (off, or not a sink)
	 * @return the report
	 */
	public static ConnectorReport of(ClusterSnapshot snapshot, Function<UnitId, @Nullable UnitView> healing,
			Function<String, @Nullable Lag> lag) {
		Map<String, List<FailedUnit>> failed = new HashMap<>();
		Map<String, List<FailedUnit>> stuck = new HashMap<>();
		for (Unit unit : snapshot.units()) {
			if (unit.state() == State.FAILED || unit.state() == State.STUCK) {
				((unit.state() == State.FAILED) ? failed : stuck)
					.computeIfAbsent(unit.connector(), (name) -> new ArrayList<>())
					.add(new FailedUnit(unit.taskId(), unit.workerId(), unit.trace(), healing.apply(unit.unitId())));
			}
		}
		List<Connector> connectors = new ArrayList<>();
		for (ConnectorStatus status : snapshot.status().connectors().values()) {
			List<FailedUnit> failedUnits = failed.getOrDefault(status.name(), List.of());
			connectors.add(new Connector(status.name(), status.type(), status.state(), !failedUnits.isEmpty(),
					status.workerId(), TaskCounts.of(status.tasks()), failedUnits,
					stuck.getOrDefault(status.name(), List.of()), lag.apply(status.name())));
		}
		return new ConnectorReport(snapshot.polledAt(), Totals.of(connectors), connectors);
	}

	/**
	 * Return whether any connector instance or task is FAILED.
	 * @return {@code true} when something failed
	 */
	public boolean hasFailures() {
		return this.totals.failedConnectors() > 0;
	}

	/**
	 * One connector.
	 *
	 * @param name its name
	 * @param type {@code source}, {@code sink} or {@code unknown}
	 * @param state the state of the connector instance
	 * @param worker the worker running the connector instance
	 * @param failed whether any of its units (the instance or a task) is FAILED
	 * @param tasks its tasks by state
	 * @param failedUnits its failed units (the instance and tasks), with traces
	 * @param stuck its tasks RUNNING by Connect's word but moving no data, with the
	 * stuck-task check's reason as their trace
	 * @param lag its consumer group and lag (sink connectors, while the stuck-task check
	 * is on), or {@code null}
	 */
	public record Connector(String name, @Nullable String type, State state, boolean failed, @Nullable String worker,
			TaskCounts tasks, List<FailedUnit> failedUnits, List<FailedUnit> stuck, @Nullable Lag lag) {
	}

	/**
	 * A sink connector's consumer group and how far it is behind.
	 *
	 * @param group the consumer group
	 * @param records records between its committed offsets and the ends of its partitions
	 */
	public record Lag(String group, long records) {
	}

	/**
	 * A failed connector instance ({@code taskId} null) or task.
	 *
	 * @param taskId the task id, or {@code null} for the connector instance
	 * @param worker the worker running it
	 * @param trace Connect's stack trace, or {@code null}
	 * @param healing the healer's view of it, or {@code null} (healer off, or not yet
	 * seen)
	 */
	public record FailedUnit(@Nullable Integer taskId, @Nullable String worker, @Nullable String trace,
			@Nullable UnitView healing) {
	}

	/**
	 * Tasks by state.
	 *
	 * @param total every task
	 * @param running RUNNING
	 * @param failed FAILED
	 * @param paused PAUSED
	 * @param unassigned UNASSIGNED
	 * @param stuck RUNNING by Connect's word, STUCK by the stuck-task check's (not
	 * counted in {@code running})
	 * @param restarting RESTARTING (Kafka 3.0+, while a restart is under way)
	 */
	public record TaskCounts(int total, int running, int failed, int paused, int unassigned, int stuck,
			int restarting) {

		static TaskCounts of(List<TaskStatus> tasks) {
			return new TaskCounts(tasks.size(), count(tasks, State.RUNNING), count(tasks, State.FAILED),
					count(tasks, State.PAUSED), count(tasks, State.UNASSIGNED), count(tasks, State.STUCK),
					count(tasks, State.RESTARTING));
		}

		private static int count(List<TaskStatus> tasks, State state) {
			return (int) tasks.stream().filter((task) -> task.state() == state).count();
		}

		TaskCounts plus(TaskCounts other) {
			return new TaskCounts(this.total + other.total, this.running + other.running, this.failed + other.failed,
					this.paused + other.paused, this.unassigned + other.unassigned, this.stuck + other.stuck,
					this.restarting + other.restarting);
		}

	}

	/**
	 * The cluster's totals.
	 *
	 * @param connectors every connector
	 * @param runningConnectors connector instances RUNNING
	 * @param failedConnectors connectors with any unit FAILED (the instance or a task),
	 * as the {@code failed} flag of each says
	 * @param tasks every task, by state
	 */
	public record Totals(int connectors, int runningConnectors, int failedConnectors, TaskCounts tasks) {

		static Totals of(List<Connector> connectors) {
			TaskCounts tasks = new TaskCounts(0, 0, 0, 0, 0, 0, 0);
			for (Connector connector : connectors) {
				tasks = tasks.plus(connector.tasks());
			}
			return new Totals(connectors.size(),
					(int) connectors.stream().filter((c) -> c.state() == State.RUNNING).count(),
					(int) connectors.stream().filter(Connector::failed).count(), tasks);
		}

	}

}
