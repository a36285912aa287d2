package io.connectdoctor.healing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.connectdoctor.connect.ConnectCallException;
import io.connectdoctor.connect.ConnectorStatus;
import io.connectdoctor.connect.PollListener;
import io.connectdoctor.connect.PollState;
import io.connectdoctor.connect.State;
import io.connectdoctor.connect.TaskStatus;
import io.connectdoctor.health.ConnectorFilter;
import io.connectdoctor.health.HealingStatus;
import io.connectdoctor.settings.InvalidSettingException;
import io.connectdoctor.target.WorkerTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;

/**
 * Restarts failed tasks and connector instances on the targeted worker(s), each unit with
 * its own exponential back-off, up to a limit; quarantines failures a restart cannot fix;
 * and never touches paused or stopped connectors, units already restarting, or excluded
 * connectors. Decisions are made on each poll, scheduled by timestamps, and each one is a
 * single structured log line.
 *
 * @author connect-doctor
 */
public final class Healer implements PollListener, HealingStatus, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(Healer.class);

	/** Before health evaluation, which asks what is being healed. */
	static final int ORDER = 0;

	private final WorkerTarget target;

	private final ConnectorFilter filter;

	private final Restarter restarter;

	private final BackOff backOff;

	private final HealingProperties properties;

	private final List<Pattern> quarantine;

	private final Map<UnitId, UnitRecord> units = new LinkedHashMap<>();

	private final LinkedList<HealingAction> history = new LinkedList<>();

	private final List<HealingListener> listeners;

	private final Clock clock;

	Healer(WorkerTarget target, HealingProperties properties, Restarter restarter, BackOff backOff, Clock clock,
			List<HealingListener> listeners) {
		this.target = target;
		this.clock = clock;
		this.properties = properties;
		this.filter = new ConnectorFilter(properties.include(), properties.exclude(), "connect-doctor.healing");
		this.restarter = restarter;
		this.backOff = backOff;
		this.quarantine = properties.quarantinePatterns().stream().filter((p) -> !p.isBlank()).map((p) -> {
			try {
				return Pattern.compile(p);
			}
			catch (PatternSyntaxException ex) {
				throw new InvalidSettingException("connect-doctor.healing.quarantine-patterns",
						"'" + p + "' is not a regular expression (" + ex.getDescription() + ")");
			}
		}).toList();
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public synchronized void onPoll(PollState state) {
		if (!state.isCurrent()) {
			return;
		}
		Instant now = this.clock.instant();
		Set<UnitId> present = new HashSet<>();
		List<UnitRecord> due = new ArrayList<>();
		for (ConnectorStatus connector : state.snapshot().status().connectors().values()) {
			if (!this.filter.watches(connector.name())) {
				continue;
			}
			boolean paused = connector.state() == State.PAUSED || connector.state() == State.STOPPED;
			consider(new UnitId(connector.name(), null), connector.state(), connector.workerId(), connector.trace(),
					paused, now, present, due);
			for (TaskStatus task : connector.tasks()) {
				consider(new UnitId(connector.name(), task.id()), task.state(), task.workerId(), task.trace(), paused,
						now, present, due);
			}
		}
		this.units.keySet().removeIf((unit) -> !present.contains(unit));
		restart(due, now);
	}

	private void consider(UnitId unit, State state, String workerId, String trace, boolean paused, Instant now,
			Set<UnitId> present, List<UnitRecord> due) {
		if (!this.target.matches(workerId)) {
			// Not on this doctor's worker (any more): the doctor beside that worker owns
			// it.
			return;
		}
		present.add(unit);
		UnitRecord record = this.units.get(unit);
		if (paused) {
			return;
		}
		if (state == State.RUNNING) {
			if (record != null) {
				onRunning(record, now);
			}
			return;
		}
		if (state != State.FAILED) {
			// RESTARTING, UNASSIGNED, ...: not touched, and not a RUNNING poll either.
			if (record != null) {
				record.runningSince = null;
			}
			return;
		}
		if (record == null) {
			record = new UnitRecord(unit, now);
			this.units.put(unit, record);
		}
		if (onFailed(record, trace, now)) {
			due.add(record);
		}
	}

	private void onRunning(UnitRecord record, Instant now) {
		settleLastAction(record, Outcome.RUNNING_AGAIN);
		if (record.runningSince == null) {
			record.runningSince = now;
			if (record.state != UnitState.RECOVERED) {
				record.state = UnitState.RECOVERING;
			}
		}
		if (record.state == UnitState.RECOVERING
				&& Duration.between(record.runningSince, now).compareTo(this.properties.stabilityWindow()) >= 0) {
			log(record.unit, "recovered", "RUNNING on every poll for " + this.properties.stabilityWindow(),
					record.attempts, null);
			record.attempts = 0;
			record.state = UnitState.RECOVERED;
			record.released = false;
			record.reason = null;
			record.failingSince = null;
			record.nextAttemptAt = null;
		}
	}

	/** Returns whether the unit is due for a restart now. */
	private boolean onFailed(UnitRecord record, String trace, Instant now) {
		settleLastAction(record, Outcome.FAILED_AGAIN);
		record.runningSince = null;
		if (record.failingSince == null) {
			record.failingSince = now;
		}
		if (record.state == UnitState.RECOVERING || record.state == UnitState.RECOVERED) {
			// Failed again: a flapping unit keeps its count until it is stable for the
			// window.
			record.state = UnitState.BACKING_OFF;
			if (record.nextAttemptAt == null) {
				record.nextAttemptAt = now;
			}
		}
		if (record.state == UnitState.GIVEN_UP || record.state == UnitState.QUARANTINED) {
			return false;
		}
		Optional<String> quarantined = quarantineMatch(trace);
		if (quarantined.isPresent() && !record.released) {
			record.state = UnitState.QUARANTINED;
			record.reason = "trace matches " + quarantined.get();
			log(record.unit, "quarantine", record.reason, record.attempts, null);
			return false;
		}
		if (now.isBefore(record.nextAttemptAt)) {
			return false;
		}
		if (this.properties.maxRestarts() >= 0 && record.attempts >= this.properties.maxRestarts()) {
			record.state = UnitState.GIVEN_UP;
			record.reason = "still FAILED after " + record.attempts + " restarts (limit "
					+ this.properties.maxRestarts() + ")";
			record.nextAttemptAt = null;
			log(record.unit, "give-up", record.reason, record.attempts, null);
			return false;
		}
		return true;
	}

	private Optional<String> quarantineMatch(String trace) {
		if (trace == null) {
			return Optional.empty();
		}
		return this.quarantine.stream().filter((p) -> p.matcher(trace).find()).map(Pattern::pattern).findFirst();
	}

	private void restart(List<UnitRecord> due, Instant now) {
		if (due.isEmpty()) {
			return;
		}
		List<Map.Entry<UnitRecord, Object>> results = (this.properties.dryRun())
				? due.stream().map((record) -> Map.<UnitRecord, Object>entry(record, RestartResult.DRY_RUN)).toList()
				: Flux.fromIterable(due)
					.flatMap((record) -> this.restarter.restart(record.unit)
						.thenReturn((Object) RestartResult.ACCEPTED)
						.onErrorResume(Mono::just)
						.map((result) -> Map.entry(record, result)), this.properties.restartConcurrency())
					.collectList()
					.block();
		for (Map.Entry<UnitRecord, Object> entry : results) {
			record(entry.getKey(), entry.getValue(), now);
		}
	}

	private void record(UnitRecord record, Object answer, Instant now) {
		RestartResult result = classify(answer);
		String error = (answer instanceof Throwable failure) ? failure.getMessage() : null;
		int attempt = record.attempts + 1;
		switch (result) {
			case CONFLICT -> {
				// A rebalance: try again on a later poll, without counting an attempt.
				log(record.unit, "restart-conflict", "409 from Connect, retried next poll", record.attempts, null);
				addHistory(new HealingAction(now, record.unit, attempt, result, error, Outcome.NOT_APPLICABLE));
			}
			case NOT_FOUND -> {
				log(record.unit, "drop", "404 from Connect: the unit is gone", record.attempts, null);
				addHistory(new HealingAction(now, record.unit, attempt, result, error, Outcome.NOT_APPLICABLE));
				this.units.remove(record.unit);
			}
			case ACCEPTED, ERROR, DRY_RUN -> {
				record.attempts = attempt;
				record.lastAttemptAt = now;
				record.nextAttemptAt = now.plus(this.backOff.after(attempt));
				record.state = UnitState.BACKING_OFF;
				record.lastError = error;
				Outcome outcome = (result == RestartResult.ACCEPTED) ? Outcome.PENDING : Outcome.NOT_APPLICABLE;
				HealingAction action = new HealingAction(now, record.unit, attempt, result, error, outcome);
				record.lastAction = action;
				addHistory(action);
				String verb = switch (result) {
					case DRY_RUN -> "restart-dry-run";
					case ERROR -> "restart-failed";
					default -> "restart";
				};
				log(record.unit, verb, (error != null) ? error : "FAILED", attempt, record.nextAttemptAt);
			}
		}
		for (HealingListener listener : this.listeners) {
			listener.onRestart(record.unit, result);
		}
	}

	private static RestartResult classify(Object answer) {
		if (answer instanceof RestartResult result) {
			return result;
		}
		if (answer instanceof ConnectCallException call) {
			if (call.isStatus(409)) {
				return RestartResult.CONFLICT;
			}
			if (call.isStatus(404)) {
				return RestartResult.NOT_FOUND;
			}
		}
		return RestartResult.ERROR;
	}

	private void settleLastAction(UnitRecord record, Outcome outcome) {
		HealingAction last = record.lastAction;
		if (last != null && last.outcome() == Outcome.PENDING) {
			HealingAction settled = last.withOutcome(outcome);
			record.lastAction = settled;
			this.history.replaceAll((action) -> (action == last) ? settled : action);
		}
	}

	private void addHistory(HealingAction action) {
		this.history.addFirst(action);
		while (this.history.size() > this.properties.historySize()) {
			this.history.removeLast();
		}
	}

	private void log(UnitId unit, String action, String reason, int attempt, Instant next) {
		logger.info("heal unit={} action={} reason=\"{}\" attempt={} nextAttempt={}", unit, action, reason, attempt,
				(next != null) ? next : "-");
	}

	@Override
	public synchronized boolean isBeingHealed(String connector, Integer taskId) {
		if (this.properties.dryRun() || this.properties.countFailuresWhileHealing()) {
			return false;
		}
		UnitRecord record = this.units.get(new UnitId(connector, taskId));
		return record != null && record.state == UnitState.BACKING_OFF;
	}

	/**
	 * Return every unit the healer knows.
	 * @return the units, in the order first seen
	 */
	public synchronized List<UnitView> units() {
		return this.units.values().stream().map(UnitRecord::view).toList();
	}

	/**
	 * Return the healer's view of one unit.
	 * @param unit the unit
	 * @return its view, or {@code null} when the healer does not know it
	 */
	public synchronized UnitView unit(UnitId unit) {
		UnitRecord record = this.units.get(unit);
		return (record != null) ? record.view() : null;
	}

	/**
	 * Return the latest actions, newest first.
	 * @return the actions
	 */
	public synchronized List<HealingAction> history() {
		return List.copyOf(this.history);
	}

	/**
	 * Let the healer restart a given-up or quarantined unit again, from a count of zero.
	 * @param unit the unit
	 * @return the unit's view after release, empty when the healer does not know it
	 */
	synchronized Optional<UnitView> release(UnitId unit) {
		Instant now = this.clock.instant();
		UnitRecord record = this.units.get(unit);
		if (record == null) {
			return Optional.empty();
		}
		if (record.state == UnitState.GIVEN_UP || record.state == UnitState.QUARANTINED) {
			log(unit, "release", "released by an operator from " + record.state, record.attempts, now);
			record.released = true;
			record.state = UnitState.BACKING_OFF;
			record.attempts = 0;
			record.reason = null;
			record.nextAttemptAt = now;
		}
		return Optional.of(record.view());
	}

	/**
	 * Told of each restart the healer decided.
	 */
	@FunctionalInterface
	public interface HealingListener {

		/**
		 * Called after each restart decision.
		 * @param unit the unit
		 * @param result what came of it
		 */
		void onRestart(UnitId unit, RestartResult result);

	}

	/** The mutable state of one unit, only touched under the healer's lock. */
	private static final class UnitRecord {

		final UnitId unit;

		UnitState state = UnitState.BACKING_OFF;

		int attempts;

		Instant failingSince;

		Instant lastAttemptAt;

		Instant nextAttemptAt;

		Instant runningSince;

		String lastError;

		String reason;

		boolean released;

		HealingAction lastAction;

		UnitRecord(UnitId unit, Instant now) {
			this.unit = unit;
			this.failingSince = now;
			// The first restart goes out right away.
			this.nextAttemptAt = now;
		}

		UnitView view() {
			return new UnitView(this.unit.connector(), this.unit.taskId(), this.state, this.attempts, this.failingSince,
					this.lastAttemptAt, this.nextAttemptAt, this.lastError, this.reason);
		}

	}

}
