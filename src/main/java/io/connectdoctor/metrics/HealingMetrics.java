package io.connectdoctor.metrics;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.connectdoctor.connect.PollListener;
import io.connectdoctor.connect.PollState;
import io.connectdoctor.connect.UnitId;
import io.connectdoctor.healing.Healer;
import io.connectdoctor.healing.RestartResult;
import io.connectdoctor.healing.UnitState;
import io.connectdoctor.healing.UnitView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;

/**
 * The healer's work: restarts by connector, unit kind and outcome; units by healer state;
 * and, for each unit in trouble, since when it has been failing and when it will next be
 * restarted. Series of deleted connectors are removed at the next poll.
 *
 * @author connect-doctor
 */
final class HealingMetrics implements Healer.HealingListener, PollListener, Ordered {

	private static final String RESTARTS = "connect.doctor.healing.restarts";

	private final ObjectProvider<Healer> healer;

	private final MeterRegistry registry;

	private final MultiGauge units;

	private final MultiGauge failingSince;

	private final MultiGauge nextAttempt;

	private final Counter deferred;

	/**
	 * Create the meters at once, not in a later binding step: the first poll, and the
	 * healer's first restarts, happen while the application starts. The healer is looked
	 * up lazily: it also holds this bean as a listener.
	 */
	HealingMetrics(ObjectProvider<Healer> healer, MeterRegistry registry) {
		this.healer = healer;
		this.registry = registry;
		this.units = MultiGauge.builder("connect.doctor.healing.units")
			.description("Units the healer knows, by its state")
			.register(registry);
		this.failingSince = MultiGauge.builder("connect.doctor.healing.unit.failing.since")
			.description("For each unit in trouble, when it started failing (Unix time)")
			.baseUnit("seconds")
			.register(registry);
		this.nextAttempt = MultiGauge.builder("connect.doctor.healing.unit.next.attempt")
			.description("For each unit being restarted with back-off, when the next restart is due (Unix time)")
			.baseUnit("seconds")
			.register(registry);
		this.deferred = Counter.builder("connect.doctor.healing.deferred")
			.description("Due restarts that had to wait for the restart budget (max-restarts-per-minute)")
			.register(registry);
		Gauge.builder("connect.doctor.healing.outage", this, HealingMetrics::outage)
			.description("1 while the healer is in an outage (too many units failing at once: only a canary is "
					+ "restarted), 0 otherwise")
			.register(registry);
	}

	private double outage() {
		Healer healer = this.healer.getIfAvailable();
		return (healer != null && healer.inOutage()) ? 1 : 0;
	}

	@Override
	public void onDeferred(UnitId unit) {
		this.deferred.increment();
	}

	@Override
	public int getOrder() {
		return 200;
	}

	@Override
	public void onRestart(UnitId unit, RestartResult result) {
		Counter.builder(RESTARTS)
			.description("Restarts the healer decided, by connector, unit kind and outcome")
			.tags("connector", unit.connector(), "kind", unit.isTask() ? "task" : "connector", "outcome",
					ConnectStateMetrics.lower(result))
			.register(this.registry)
			.increment();
	}

	@Override
	public void onPoll(PollState state) {
		Healer healer = this.healer.getIfAvailable();
		if (healer == null || !state.isCurrent()) {
			return;
		}
		List<UnitView> views = healer.units();
		Map<UnitState, Integer> byState = new EnumMap<>(UnitState.class);
		List<MultiGauge.Row<?>> since = new ArrayList<>();
		List<MultiGauge.Row<?>> next = new ArrayList<>();
		for (UnitView unit : views) {
			byState.merge(unit.state(), 1, Integer::sum);
			boolean inTrouble = unit.state() != UnitState.RECOVERING && unit.state() != UnitState.RECOVERED;
			Tags tags = Tags.of("connector", unit.connector(), "task",
					(unit.taskId() != null) ? String.valueOf(unit.taskId()) : "connector", "state",
					ConnectStateMetrics.lower(unit.state()));
			if (inTrouble && unit.failingSince() != null) {
				since.add(MultiGauge.Row.of(tags, unit.failingSince().toEpochMilli() / 1000.0));
			}
			if ((unit.state() == UnitState.BACKING_OFF || unit.state() == UnitState.WAITING)
					&& unit.nextAttemptAt() != null) {
				next.add(MultiGauge.Row.of(tags, unit.nextAttemptAt().toEpochMilli() / 1000.0));
			}
		}
		List<MultiGauge.Row<?>> counts = new ArrayList<>();
		for (UnitState unitState : UnitState.values()) {
			counts.add(MultiGauge.Row.of(Tags.of("state", ConnectStateMetrics.lower(unitState)),
					byState.getOrDefault(unitState, 0)));
		}
		this.units.register(counts, true);
		this.failingSince.register(since, true);
		this.nextAttempt.register(next, true);
		removeRestartsOfDeletedConnectors(state);
	}

	private void removeRestartsOfDeletedConnectors(PollState state) {
		Set<String> present = new HashSet<>(state.snapshot().status().connectors().keySet());
		for (Meter meter : this.registry.find(RESTARTS).meters()) {
			if (!present.contains(meter.getId().getTag("connector"))) {
				this.registry.remove(meter);
			}
		}
	}

}
