package io.connectdoctor.metrics;

import java.io.InputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.connectdoctor.connect.PollListener;
import io.connectdoctor.connect.PollState;
import io.connectdoctor.connect.ProblemLog;
import io.connectdoctor.connect.State;
import io.connectdoctor.connect.Unit;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;

/**
 * The per-unit state sets ({@code connect_connector_state}, {@code connect_task_state})
 * and per-connector task counts ({@code connect_connector_tasks}), written into the
 * Prometheus scrape straight from the latest snapshot.
 * <p>
 * Not Micrometer gauges, on purpose: a gauge costs about 0.9 KB of heap for as long as it
 * exists, and a state set needs six or seven series per unit, so a sidecar of one worker
 * of a 10,000-connector cluster held 163,000 gauges (about 150 MB) and ran out of a
 * sidecar's heap. Built at scrape time, the series cost nothing between scrapes and
 * follow the snapshot exactly: a deleted connector's series are gone at the next poll.
 *
 * @author connect-doctor
 */
final class UnitStateCollector implements MultiCollector, PollListener, Ordered {

	static final String CONNECTOR_STATE = "connect_connector_state";

	static final String TASK_STATE = "connect_task_state";

	static final String CONNECTOR_TASKS = "connect_connector_tasks";

	static final String CONNECTOR_STATE_HELP = "State of each connector instance: 1 for its current state, 0 for the others";

	static final String TASK_STATE_HELP = "State of each task: 1 for its current state, 0 for the others";

	static final String CONNECTOR_TASKS_HELP = "Tasks of each connector by state";

	/** The states of a connector instance's state set. */
	static final State[] CONNECTOR_STATES = { State.UNASSIGNED, State.RUNNING, State.PAUSED, State.FAILED,
			State.RESTARTING, State.STOPPED, State.UNKNOWN };

	/** The states of a task's state set (tasks are never STOPPED). */
	static final State[] TASK_STATES = { State.UNASSIGNED, State.RUNNING, State.PAUSED, State.FAILED, State.RESTARTING,
			State.UNKNOWN };

	/** The states of a task's state set while the stuck-task check is on. */
	static final State[] TASK_STATES_WITH_STUCK = { State.UNASSIGNED, State.RUNNING, State.PAUSED, State.FAILED,
			State.RESTARTING, State.UNKNOWN, State.STUCK };

	/**
	 * Return the states of a task's state set: {@code stuck} is one only while the
	 * stuck-task check is on, so a doctor without it publishes no series that can never
	 * be 1.
	 */
	static State[] taskStates(boolean stuckCheck) {
		return stuckCheck ? TASK_STATES_WITH_STUCK : TASK_STATES;
	}

	private final State[] taskStates;

	private final boolean taskSeries;

	private final int maxTaskSeries;

	private final ProblemLog warnings = new ProblemLog(LoggerFactory.getLogger(UnitStateCollector.class));

	/** The latest successfully read poll: the series describe it until the next one. */
	private volatile PollState latest;

	UnitStateCollector(MetricsProperties properties) {
		this(properties, false);
	}

	UnitStateCollector(MetricsProperties properties, boolean stuckCheck) {
		this.taskStates = taskStates(stuckCheck);
		this.taskSeries = properties.taskSeries();
		this.maxTaskSeries = properties.maxTaskSeries();
	}

	@Override
	public int getOrder() {
		return 200;
	}

	@Override
	public void onPoll(PollState state) {
		if (state.isCurrent()) {
			this.latest = state;
		}
	}

	@Override
	public List<String> getPrometheusNames() {
		return List.of(CONNECTOR_STATE, TASK_STATE, CONNECTOR_TASKS);
	}

	@Override
	public MetricSnapshots collect(Predicate<String> includedNames) {
		// Not asked for (a text scrape writes them from text()): not built.
		for (String name : getPrometheusNames()) {
			if (includedNames.test(name)) {
				return MultiCollector.super.collect(includedNames);
			}
		}
		return new MetricSnapshots();
	}

	/**
	 * Return the series of the latest poll as text, written while it is read
	 * ({@link UnitSeriesText}): a scrape at N = 10,000 (80,000 series, 6.5 MB) builds no
	 * data points and holds no more than a chunk of its text at a time.
	 * @param openMetrics whether the format is OpenMetrics; its closing {@code # EOF} is
	 * left out
	 * @return the text
	 */
	InputStream text(boolean openMetrics) {
		PollState state = this.latest;
		List<Unit> units = (state != null) ? state.snapshot().targeted() : List.of();
		return new UnitSeriesText(units, openMetrics, this.taskStates, this.taskSeries && withinTaskSeriesLimit(units));
	}

	@Override
	public MetricSnapshots collect() {
		GaugeSnapshot.Builder connectors = GaugeSnapshot.builder().name(CONNECTOR_STATE).help(CONNECTOR_STATE_HELP);
		GaugeSnapshot.Builder tasks = GaugeSnapshot.builder().name(TASK_STATE).help(TASK_STATE_HELP);
		GaugeSnapshot.Builder counts = GaugeSnapshot.builder().name(CONNECTOR_TASKS).help(CONNECTOR_TASKS_HELP);
		PollState state = this.latest;
		if (state != null) {
			List<Unit> units = state.snapshot().targeted();
			boolean perTask = this.taskSeries && withinTaskSeriesLimit(units);
			// Targeted units come grouped by connector, its instance first: one pass
			// counts each connector's tasks by state.
			Map<State, Integer> byState = new EnumMap<>(State.class);
			String connector = null;
			for (Unit unit : units) {
				if (!unit.connector().equals(connector)) {
					taskCounts(counts, connector, byState);
					connector = unit.connector();
					byState.clear();
				}
				if (!unit.isTask()) {
					stateSet(connectors, CONNECTOR_STATES, unit.state(), "connector", unit.connector(), "worker",
							worker(unit.workerId()));
					continue;
				}
				byState.merge(unit.state(), 1, Integer::sum);
				if (perTask) {
					stateSet(tasks, this.taskStates, unit.state(), "connector", unit.connector(), "task",
							String.valueOf(unit.taskId()), "worker", worker(unit.workerId()));
				}
			}
			taskCounts(counts, connector, byState);
		}
		return MetricSnapshots.of(connectors.build(), tasks.build(), counts.build());
	}

	private boolean withinTaskSeriesLimit(List<Unit> units) {
		long series = (long) this.taskStates.length * units.stream().filter(Unit::isTask).count();
		if (series > this.maxTaskSeries) {
			this.warnings.report("over", "{} per-task series would exceed connect-doctor.metrics.max-task-series ({}); "
					+ "publishing per-connector task counts only", series, this.maxTaskSeries);
			return false;
		}
		this.warnings.resolved("Per-task series published again (" + series + " series)");
		return true;
	}

	/** A connector with targeted units: its tasks by state, zeros included. */
	private void taskCounts(GaugeSnapshot.Builder counts, @Nullable String connector, Map<State, Integer> byState) {
		if (connector == null) {
			return;
		}
		for (State taskState : this.taskStates) {
			counts.dataPoint(GaugeDataPointSnapshot.builder()
				.labels(Labels.of("connector", connector, "state", taskState.label()))
				.value(byState.getOrDefault(taskState, 0))
				.build());
		}
	}

	private static void stateSet(GaugeSnapshot.Builder builder, State[] states, State current, String... labels) {
		Labels unit = Labels.of(labels);
		for (State state : states) {
			builder.dataPoint(GaugeDataPointSnapshot.builder()
				.labels(unit.add("state", state.label()))
				.value((state == current) ? 1 : 0)
				.build());
		}
	}

	private static String worker(@Nullable String workerId) {
		return (workerId != null) ? workerId : "none";
	}

}
