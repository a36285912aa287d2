package io.connectdoctor.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.connectdoctor.connect.ConnectCallException;
import io.connectdoctor.connect.PollListener;
import io.connectdoctor.connect.PollState;
import io.connectdoctor.connect.State;
import io.connectdoctor.connect.Unit;
import io.connectdoctor.connect.WorkerHealth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import org.springframework.core.Ordered;

/**
 * Connect-doctor's own view of Connect (reachable, snapshot age, poll duration and
 * errors, the worker's health) and the counted units' totals by state. The per-unit state
 * sets, whose number grows with the cluster, come from {@link UnitStateCollector}. In
 * sidecar mode only units on the targeted worker(s) count, so N sidecars never count a
 * unit twice.
 *
 * @author connect-doctor
 */
final class ConnectStateMetrics implements PollListener, Ordered {

	private final Clock clock;

	/**
	 * The latest poll's state: the gauges read it, so they need no link to the poller.
	 */
	private volatile PollState latest;

	private final MeterRegistry registry;

	private final MultiGauge connectorTotals;

	private final MultiGauge taskTotals;

	private final MultiGauge workerStatus;

	private final Timer pollDuration;

	private final State[] taskStates;

	/**
	 * Create the meters at once, not in a later binding step: the first poll runs while
	 * the application starts, and what it reports must not be lost.
	 */
	ConnectStateMetrics(Clock clock, MeterRegistry registry) {
		this(clock, registry, false);
	}

	ConnectStateMetrics(Clock clock, MeterRegistry registry, boolean stuckCheck) {
		this.taskStates = UnitStateCollector.taskStates(stuckCheck);
		this.clock = clock;
		this.registry = registry;
		this.connectorTotals = MultiGauge.builder("connect.connectors")
			.description("Connector instances on the counted worker(s), by state")
			.register(registry);
		this.taskTotals = MultiGauge.builder("connect.tasks")
			.description("Tasks on the counted worker(s), by state")
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

	@Override
	public int getOrder() {
		return 200;
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
		Map<State, Integer> connectors = new EnumMap<>(State.class);
		Map<State, Integer> tasks = new EnumMap<>(State.class);
		for (Unit unit : state.snapshot().targeted()) {
			(unit.isTask() ? tasks : connectors).merge(unit.state(), 1, Integer::sum);
		}
		this.connectorTotals.register(totals(UnitStateCollector.CONNECTOR_STATES, connectors), true);
		this.taskTotals.register(totals(this.taskStates, tasks), true);
	}

	private static List<MultiGauge.Row<?>> totals(State[] states, Map<State, Integer> counts) {
		List<MultiGauge.Row<?>> rows = new ArrayList<>();
		for (State state : states) {
			rows.add(MultiGauge.Row.of(Tags.of("state", state.label()), counts.getOrDefault(state, 0)));
		}
		return rows;
	}

	static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}
