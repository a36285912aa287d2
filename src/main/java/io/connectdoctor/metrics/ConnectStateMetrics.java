package io.connectdoctor.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.connectdoctor.connect.ConnectCallException;
import io.connectdoctor.connect.ConnectorStatus;
import io.connectdoctor.connect.PollListener;
import io.connectdoctor.connect.PollState;
import io.connectdoctor.connect.State;
import io.connectdoctor.connect.TaskStatus;
import io.connectdoctor.connect.WorkerHealth;
import io.connectdoctor.target.WorkerTarget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.core.Ordered;

/**
 * Connector and task states as state sets (one series per unit and state, 1 for the
 * current state and 0 for the others), per-connector task counts by state, and
 * connect-doctor's own view of Connect. Rows are rewritten on every poll, so series of
 * deleted connectors and tasks disappear at the next one. In sidecar mode only units on
 * the targeted worker(s) are published, so N sidecars never publish a unit twice.
 *
 * @author connect-doctor
 */
final class ConnectStateMetrics implements PollListener, MeterBinder, Ordered {

	private static final State[] CONNECTOR_STATES = { State.UNASSIGNED, State.RUNNING, State.PAUSED, State.FAILED,
			State.RESTARTING, State.STOPPED, State.UNKNOWN };

	private static final State[] TASK_STATES = { State.UNASSIGNED, State.RUNNING, State.PAUSED, State.FAILED,
			State.RESTARTING, State.UNKNOWN };

	private final WorkerTarget target;

	private final MetricsProperties properties;

	private final Clock clock;

	/**
	 * The latest poll's state: the gauges read it, so they need no link to the poller.
	 */
	private volatile PollState latest;

	private MeterRegistry registry;

	private MultiGauge connectorState;

	private MultiGauge taskState;

	private MultiGauge connectorTasks;

	private MultiGauge workerStatus;

	private Timer pollDuration;

	ConnectStateMetrics(WorkerTarget target, MetricsProperties properties, Clock clock) {
		this.target = target;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public int getOrder() {
		return 200;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
		this.connectorState = MultiGauge.builder("connect.connector.state")
			.description("State of each connector instance: 1 for its current state, 0 for the others")
			.register(registry);
		this.taskState = MultiGauge.builder("connect.task.state")
			.description("State of each task: 1 for its current state, 0 for the others")
			.register(registry);
		this.connectorTasks = MultiGauge.builder("connect.connector.tasks")
			.description("Tasks of each connector by state")
			.register(registry);
		this.workerStatus = MultiGauge.builder("connect.doctor.worker.status")
			.description("Health of the worker connect-doctor talks to (KIP-1017 GET /health, or its REST API "
					+ "answering): 1 for the current status, 0 for the others")
			.register(registry);
		Gauge
			.builder("connect.doctor.connect.reachable", this,
					(m) -> (m.latest != null && m.latest.isCurrent()) ? 1 : 0)
			.description("Whether the latest poll read Kafka Connect")
			.register(registry);
		Gauge.builder("connect.doctor.snapshot.age", this, ConnectStateMetrics::snapshotAgeSeconds)
			.description("Age of the last successfully read snapshot of the cluster")
			.baseUnit("seconds")
			.register(registry);
		this.pollDuration = Timer.builder("connect.doctor.poll.duration")
			.description("Time to read the cluster's status and the worker's health, per poll")
			.register(registry);
		for (ConnectCallException.Kind kind : ConnectCallException.Kind.values()) {
			// Registered up front so a rate over them exists before the first error.
			pollErrors(kind);
		}
	}

	private double snapshotAgeSeconds() {
		PollState state = this.latest;
		if (state == null || state.snapshot() == null) {
			return Double.NaN;
		}
		return Duration.between(state.snapshot().polledAt(), this.clock.instant()).toMillis() / 1000.0;
	}

	private Counter pollErrors(ConnectCallException.Kind kind) {
		return Counter.builder("connect.doctor.poll.errors")
			.description("Polls that could not read Kafka Connect, by kind of failure")
			.tag("kind", kind.name().toLowerCase(Locale.ROOT))
			.register(this.registry);
	}

	@Override
	public void onPoll(PollState state) {
		this.latest = state;
		if (this.registry == null) {
			return;
		}
		if (state.took() != null) {
			this.pollDuration.record(state.took());
		}
		if (state.error() != null) {
			pollErrors(state.error().kind()).increment();
		}
		if (state.workerHealth() != null) {
			List<MultiGauge.Row<?>> rows = new ArrayList<>();
			for (WorkerHealth.Status status : WorkerHealth.Status.values()) {
				rows.add(MultiGauge.Row.of(
						Tags.of("status", lower(status), "source", lower(state.workerHealth().source())),
						(status == state.workerHealth().status()) ? 1 : 0));
			}
			this.workerStatus.register(rows, true);
		}
		if (state.isCurrent()) {
			publishStates(state);
		}
	}

	private void publishStates(PollState state) {
		List<MultiGauge.Row<?>> connectors = new ArrayList<>();
		List<MultiGauge.Row<?>> tasks = new ArrayList<>();
		List<MultiGauge.Row<?>> counts = new ArrayList<>();
		for (ConnectorStatus connector : state.snapshot().status().connectors().values()) {
			if (this.target.matches(connector.workerId())) {
				stateSet(connectors, Tags.of("connector", connector.name(), "worker", worker(connector.workerId())),
						CONNECTOR_STATES, connector.state());
			}
			Map<State, Integer> byState = new EnumMap<>(State.class);
			boolean anyTargeted = this.target.matches(connector.workerId());
			for (TaskStatus task : connector.tasks()) {
				if (!this.target.matches(task.workerId())) {
					continue;
				}
				anyTargeted = true;
				byState.merge(task.state(), 1, Integer::sum);
				if (this.properties.taskSeries()) {
					stateSet(tasks, Tags.of("connector", connector.name(), "task", String.valueOf(task.id()), "worker",
							worker(task.workerId())), TASK_STATES, task.state());
				}
			}
			if (anyTargeted) {
				for (State taskState : TASK_STATES) {
					counts.add(MultiGauge.Row.of(Tags.of("connector", connector.name(), "state", lower(taskState)),
							byState.getOrDefault(taskState, 0)));
				}
			}
		}
		this.connectorState.register(connectors, true);
		this.taskState.register(tasks, true);
		this.connectorTasks.register(counts, true);
	}

	private static void stateSet(List<MultiGauge.Row<?>> rows, Tags tags, State[] states, State current) {
		for (State state : states) {
			rows.add(MultiGauge.Row.of(tags.and("state", lower(state)), (state == current) ? 1 : 0));
		}
	}

	private static String worker(String workerId) {
		return (workerId != null) ? workerId : "none";
	}

	static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}
