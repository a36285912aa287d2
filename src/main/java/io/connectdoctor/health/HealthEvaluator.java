package io.connectdoctor.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import io.connectdoctor.connect.ClusterSnapshot;
import io.connectdoctor.connect.ClusterStatus;
import io.connectdoctor.connect.PollListener;
import io.connectdoctor.connect.PollState;
import io.connectdoctor.connect.State;
import io.connectdoctor.connect.Unit;
import io.connectdoctor.connect.UnitId;
import io.connectdoctor.target.WorkerTarget;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;

/**
 * Turns each poll into a {@link HealthReport}: which units on the targeted worker(s)
 * count as failed under the configured rule, remembering since when each unit has been
 * failing so a grace period can apply.
 *
 * @author connect-doctor
 */
public final class HealthEvaluator implements PollListener, Ordered {

	/** After the healer, so a failure it just took on is known as being healed. */
	static final int ORDER = 100;

	private final WorkerTarget target;

	private final ConnectorFilter filter;

	private final Set<State> failingStates;

	private final boolean countConnectorFailures;

	private final Duration gracePeriod;

	private final Duration stalenessLimit;

	private final int traceMaxLength;

	private final boolean includeTraces;

	private final HealingStatus healing;

	/** Since when each unit has been in a failing state, as of the polls seen so far. */
	private final Map<UnitId, Instant> failingSince = new HashMap<>();

	private volatile HealthReport report = HealthReport.unavailable("no answer from Kafka Connect yet");

	/**
	 * What the last report was built from, and its maps: a poll that read the same
	 * connectors (the very same status, as the client keeps it while nothing changed) and
	 * counts the same failures shares them instead of sorting 10,000 names again.
	 */
	private @Nullable ClusterStatus lastStatus;

	private List<Failure> lastFailures = List.of();

	private SortedMap<String, List<Failure>> lastByConnector = new TreeMap<>();

	private Set<String> lastUnwatched = Set.of();

	HealthEvaluator(WorkerTarget target, HealthProperties properties, Duration stalenessLimit, HealingStatus healing) {
		this.target = target;
		this.filter = new ConnectorFilter(properties.include(), properties.exclude(), "connect-doctor.health");
		this.failingStates = Set.copyOf(properties.failingStates());
		this.countConnectorFailures = properties.countConnectorFailures();
		this.gracePeriod = properties.gracePeriod();
		this.stalenessLimit = stalenessLimit;
		this.traceMaxLength = properties.traceMaxLength();
		this.includeTraces = properties.includeTraces();
		this.healing = healing;
	}

	/**
	 * Return the report of the latest poll.
	 * @return the current report
	 */
	public HealthReport report() {
		return this.report;
	}

	/**
	 * Return the age of the last successful read after which answers are 503.
	 * @return the staleness limit
	 */
	public Duration stalenessLimit() {
		return this.stalenessLimit;
	}

	/**
	 * Return which workers' tasks count.
	 * @return the target
	 */
	public WorkerTarget target() {
		return this.target;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public synchronized void onPoll(PollState state) {
		if (state.error() != null) {
			this.report = HealthReport.unavailable(state.error().getMessage());
			return;
		}
		if (state.snapshot() == null) {
			return;
		}
		ClusterSnapshot snapshot = state.snapshot();
		Instant now = snapshot.polledAt();
		ClusterStatus status = snapshot.status();
		boolean sameConnectors = (status == this.lastStatus);
		List<Failure> failures = new ArrayList<>();
		Set<UnitId> failingNow = new HashSet<>();
		for (Unit unit : snapshot.targeted()) {
			if (!this.failingStates.contains(unit.state()) || (!unit.isTask() && !this.countConnectorFailures)
					|| !this.filter.watches(unit.connector())) {
				continue;
			}
			UnitId id = unit.unitId();
			failingNow.add(id);
			Instant since = this.failingSince.computeIfAbsent(id, (k) -> now);
			if (Duration.between(since, now).compareTo(this.gracePeriod) >= 0
					&& !this.healing.isBeingHealed(snapshot, unit)) {
				failures.add(failure(unit));
			}
		}
		this.failingSince.keySet().retainAll(failingNow);
		if (!sameConnectors || !failures.equals(this.lastFailures)) {
			SortedMap<String, List<Failure>> byConnector = new TreeMap<>();
			Set<String> unwatched = new HashSet<>();
			for (String name : status.connectors().keySet()) {
				if (this.filter.watches(name)) {
					byConnector.put(name, List.of());
				}
				else {
					unwatched.add(name);
				}
			}
			for (Failure failure : failures) {
				byConnector.merge(failure.connector(), List.of(failure), HealthEvaluator::concat);
			}
			this.lastStatus = status;
			this.lastFailures = failures;
			this.lastByConnector = byConnector;
			this.lastUnwatched = Set.copyOf(unwatched);
		}
		this.report = HealthReport.of(now, this.stalenessLimit, this.lastFailures, this.lastByConnector,
				this.lastUnwatched);
	}

	private Failure failure(Unit unit) {
		return new Failure(unit.connector(), unit.taskId(), unit.workerId(), unit.state(),
				this.includeTraces ? cut(unit.trace()) : null);
	}

	private static List<Failure> concat(List<Failure> first, List<Failure> second) {
		List<Failure> all = new ArrayList<>(first);
		all.addAll(second);
		return List.copyOf(all);
	}

	private @Nullable String cut(@Nullable String trace) {
		if (trace == null || trace.length() <= this.traceMaxLength) {
			return trace;
		}
		return trace.substring(0, this.traceMaxLength) + "...";
	}

}
