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

import io.connectdoctor.connect.ConnectorStatus;
import io.connectdoctor.connect.PollListener;
import io.connectdoctor.connect.PollState;
import io.connectdoctor.connect.State;
import io.connectdoctor.connect.TaskStatus;
import io.connectdoctor.target.WorkerTarget;

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

	private final HealingStatus healing;

	/** Since when each unit has been in a failing state, as of the polls seen so far. */
	private final Map<UnitKey, Instant> failingSince = new HashMap<>();

	private volatile HealthReport report = HealthReport.unavailable("no answer from Kafka Connect yet");

	HealthEvaluator(WorkerTarget target, HealthProperties properties, Duration stalenessLimit) {
		this(target, properties, stalenessLimit, HealingStatus.NONE);
	}

	HealthEvaluator(WorkerTarget target, HealthProperties properties, Duration stalenessLimit, HealingStatus healing) {
		this.target = target;
		this.filter = new ConnectorFilter(properties.include(), properties.exclude(), "connect-doctor.health");
		this.failingStates = Set.copyOf(properties.failingStates());
		this.countConnectorFailures = properties.countConnectorFailures();
		this.gracePeriod = properties.gracePeriod();
		this.stalenessLimit = stalenessLimit;
		this.traceMaxLength = properties.traceMaxLength();
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
		Instant now = state.snapshot().polledAt();
		Set<UnitKey> failingNow = new HashSet<>();
		SortedMap<String, List<Failure>> byConnector = new TreeMap<>();
		Set<String> unwatched = new HashSet<>();
		for (ConnectorStatus connector : state.snapshot().status().connectors().values()) {
			if (!this.filter.watches(connector.name())) {
				unwatched.add(connector.name());
				continue;
			}
			List<Failure> failures = new ArrayList<>();
			if (this.countConnectorFailures) {
				consider(connector.name(), null, connector.state(), connector.workerId(), connector.trace(), now,
						failingNow, failures);
			}
			for (TaskStatus task : connector.tasks()) {
				consider(connector.name(), task.id(), task.state(), task.workerId(), task.trace(), now, failingNow,
						failures);
			}
			byConnector.put(connector.name(), List.copyOf(failures));
		}
		this.failingSince.keySet().retainAll(failingNow);
		this.report = HealthReport.of(now, this.stalenessLimit, byConnector, unwatched);
	}

	private void consider(String connector, Integer taskId, State state, String workerId, String trace, Instant now,
			Set<UnitKey> failingNow, List<Failure> failures) {
		if (!this.failingStates.contains(state) || !this.target.matches(workerId)) {
			return;
		}
		UnitKey key = new UnitKey(connector, taskId);
		failingNow.add(key);
		Instant since = this.failingSince.computeIfAbsent(key, (k) -> now);
		if (Duration.between(since, now).compareTo(this.gracePeriod) >= 0
				&& !this.healing.isBeingHealed(connector, taskId)) {
			failures.add(new Failure(connector, taskId, workerId, state, cut(trace)));
		}
	}

	private String cut(String trace) {
		if (trace == null || trace.length() <= this.traceMaxLength) {
			return trace;
		}
		return trace.substring(0, this.traceMaxLength) + "...";
	}

	/** A task ({@code taskId} set) or a connector instance ({@code taskId} null). */
	private record UnitKey(String connector, Integer taskId) {
	}

}
