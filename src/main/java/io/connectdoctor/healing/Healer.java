package io.connectdoctor.healing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.connectdoctor.connect.ClusterSnapshot;
import io.connectdoctor.connect.ConnectPoller;
import io.connectdoctor.connect.ConnectorStatus;
import io.connectdoctor.connect.LogText;
import io.connectdoctor.connect.PollListener;
import io.connectdoctor.connect.PollState;
import io.connectdoctor.connect.State;
import io.connectdoctor.connect.Unit;
import io.connectdoctor.connect.UnitId;
import io.connectdoctor.health.ConnectorFilter;
import io.connectdoctor.health.HealingStatus;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Restarts failed tasks and connector instances on the targeted worker(s), each unit with
 * its own exponential back-off, up to a limit; quarantines failures a restart cannot fix;
 * and never touches paused or stopped connectors, units already restarting, or excluded
 * connectors.
 * <p>
 * Healing is a loop of its own ({@link #heal()}, scheduled every
 * {@code connect-doctor.healing.interval}), reading the latest snapshot the poller
 * published: the poll never waits on a restart, and the health answer for a snapshot is
 * published before the healer acts on it. Restarts are sent without blocking the loop, at
 * most {@code restart-concurrency} at once and {@code max-restarts-per-minute} in any
 * minute (oldest failure first, the rest WAITING). When many units fail at once the
 * {@link OutageBreaker outage breaker} restarts one canary instead of all. Each decision
 * is one structured log line.
 *
 * @author connect-doctor
 */
public final class Healer implements PollListener, HealingStatus, SchedulingConfigurer, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(Healer.class);

	/** After health evaluation: the answer for a snapshot is published first. */
	static final int ORDER = 300;

	private final boolean clusterMode;

	private final ConnectorFilter filter;

	private final Restarter restarter;

	private final BackOff backOff;

	private final HealingProperties properties;

	private final List<Pattern> quarantine;

	private final RestartBudget budget;

	private final OutageBreaker breaker;

	/** The budget's token of each restart in flight, given back when it is answered. */
	private final Map<RestartRequest, Integer> tokens = new IdentityHashMap<>();

	private final Map<UnitId, UnitRecord> units = new LinkedHashMap<>();

	private final LinkedList<HealingAction> history = new LinkedList<>();

	private final List<HealingListener> listeners;

	private final Clock clock;

	/** The latest poll, as published to the listeners. */
	private volatile @Nullable PollState latest;

	/** The snapshot the healer last took in. */
	private @Nullable ClusterSnapshot observed;

	private int inFlight;

	/** The units STUCK in the snapshot last taken in, each told of once. */
	private Set<UnitId> stuck = Set.of();

	/** Whether the cluster applies KIP-745's flags; {@code null} until a call tells. */
	private @Nullable Boolean kip745;

	/**
	 * How long a unit restarted for being STUCK must stay RUNNING before it counts as
	 * recovered: long enough for the stuck-task check to judge it again
	 * ({@code stuck.after} plus one interval); zero without the check.
	 */
	private final Duration stuckProof;

	Healer(boolean clusterMode, HealingProperties properties, Restarter restarter, BackOff backOff, Clock clock,
			List<HealingListener> listeners) {
		this(clusterMode, properties, restarter, backOff, clock, listeners, Duration.ZERO);
	}

	Healer(boolean clusterMode, HealingProperties properties, Restarter restarter, BackOff backOff, Clock clock,
			List<HealingListener> listeners, Duration stuckProof) {
		this.stuckProof = stuckProof;
		this.clusterMode = clusterMode;
		this.clock = clock;
		this.properties = properties;
		this.filter = new ConnectorFilter(properties.include(), properties.exclude(), "connect-doctor.healing");
		this.restarter = restarter;
		this.backOff = backOff;
		this.quarantine = properties.compiledQuarantinePatterns();
		this.budget = new RestartBudget(properties.maxRestartsPerMinute());
		this.breaker = new OutageBreaker(properties.outageThreshold(), properties.outageMinUnits());
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/** Only takes note of the poll: the healing loop acts on it. */
	@Override
	public void onPoll(PollState state) {
		this.latest = state;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(
				new FixedDelayTask(new ConnectPoller.Named(this::guardedHeal, Healer.class.getName() + ".heal"),
						this.properties.interval(), this.properties.interval()));
	}

	private void guardedHeal() {
		// An exception escaping here would cancel the schedule for good.
		try {
			heal();
		}
		catch (RuntimeException ex) {
			logger.error("Healing cycle failed: {}", ex.toString(), ex);
		}
	}

	/**
	 * One turn of the healing loop: take in the latest snapshot if it is new, then send
	 * the restarts that are due, within the budget. Never waits for an answer.
	 */
	void heal() {
		List<RestartRequest> requests;
		synchronized (this) {
			PollState state = this.latest;
			if (state == null || !state.isCurrent() || state.snapshot() == null) {
				// Connect cannot be read now: a restart would fail too, and what the
				// healer knows is old.
				return;
			}
			Instant now = this.clock.instant();
			if (state.snapshot() != this.observed) {
				this.observed = state.snapshot();
				observe(state.snapshot(), now);
			}
			requests = plan(now);
		}
		for (RestartRequest request : requests) {
			send(request);
		}
	}

	private void observe(ClusterSnapshot snapshot, Instant now) {
		Set<UnitId> present = new HashSet<>();
		Set<UnitId> stuckNow = new HashSet<>();
		int counted = 0;
		int failing = 0;
		for (Unit unit : snapshot.targeted()) {
			if (!this.filter.watches(unit.connector())) {
				continue;
			}
			UnitId id = unit.unitId();
			present.add(id);
			if (unit.state() == State.STUCK) {
				stuckNow.add(id);
				if (!this.stuck.contains(id)) {
					// Told once per episode, whether or not the healer restarts it.
					event(id, "stuck", String.valueOf(unit.trace()), 0, null, now);
				}
			}
			ConnectorStatus connector = snapshot.connector(unit.connector());
			if (connector != null && connector.isHeldByOperator()) {
				continue;
			}
			if (unit.isTask() || connector == null || connector.tasks().isEmpty()) {
				// The breaker counts tasks; a connector instance only when it has none (a
				// FAILED connector may have no tasks), so instances do not dilute the
				// share.
				counted++;
				failing += isFailing(unit.state()) ? 1 : 0;
			}
			UnitRecord record = this.units.get(id);
			if (record != null && !record.isSettledBy(snapshot)) {
				// A restart is in flight, or was answered after this snapshot was read:
				// it tells nothing of the restart's outcome.
				continue;
			}
			if (unit.state() == State.RUNNING) {
				if (record != null) {
					onRunning(record, now);
				}
			}
			else if (isFailing(unit.state())) {
				if (record == null) {
					record = new UnitRecord(id, now);
					this.units.put(id, record);
				}
				record.condition = unit.state();
				record.stuckEpisode |= unit.state() == State.STUCK;
				onFailed(record, unit.trace(), now);
			}
			else if (record != null) {
				// RESTARTING, UNASSIGNED, ...: not touched, and not a RUNNING poll
				// either.
				record.runningSince = null;
				record.failedNow = false;
			}
		}
		this.stuck = stuckNow;
		this.units.values()
			.removeIf((record) -> !present.contains(record.unit) && record.state != UnitState.RESTARTING);
		OutageBreaker.Change change = this.breaker.update(failing, counted, now);
		if (change == OutageBreaker.Change.ENTERED) {
			event(null, "outage-entered", this.breaker.describe(), 0, null, now);
		}
		else if (change == OutageBreaker.Change.ENDED) {
			endOutage(this.breaker.describe(), now);
		}
		else if (this.breaker.isOpen() && this.breaker.canary() != null) {
			UnitRecord canary = this.units.get(this.breaker.canary());
			if (canary != null && canary.state == UnitState.RECOVERING) {
				this.breaker.canaryRecovered();
				endOutage("canary " + canary.unit + " RUNNING again after its restart", now);
			}
		}
	}

	/**
	 * A unit restarts can help: FAILED, or STUCK (Connect says RUNNING, the stuck-task
	 * check says it moves no data) unless {@code restart-stuck} is off.
	 */
	private boolean isFailing(State state) {
		return state == State.FAILED || (state == State.STUCK && this.properties.restartStuck());
	}

	private void endOutage(String reason, Instant now) {
		event(null, "outage-ended", reason, 0, null, now);
		for (UnitRecord record : this.units.values()) {
			if (record.state == UnitState.HELD) {
				record.state = UnitState.BACKING_OFF;
				record.reason = null;
			}
		}
	}

	private void onRunning(UnitRecord record, Instant now) {
		settleLastAction(record, Outcome.RUNNING_AGAIN);
		record.condition = State.RUNNING;
		record.failedNow = false;
		if (record.runningSince == null) {
			record.runningSince = now;
			if (record.state != UnitState.RECOVERED) {
				record.state = UnitState.RECOVERING;
				record.reason = null;
			}
		}
		// A unit restarted for being STUCK says RUNNING at once whatever it does: it has
		// recovered only once the stuck-task check has had a whole window to judge it.
		Duration window = (record.stuckEpisode && this.stuckProof.compareTo(this.properties.stabilityWindow()) > 0)
				? this.stuckProof : this.properties.stabilityWindow();
		if (record.state == UnitState.RECOVERING && Duration.between(record.runningSince, now).compareTo(window) >= 0) {
			log(record.unit, "recovered", "RUNNING on every poll for " + window, record.attempts, null);
			record.stuckEpisode = false;
			record.attempts = 0;
			record.state = UnitState.RECOVERED;
			record.released = false;
			record.reason = null;
			record.failingSince = null;
			record.nextAttemptAt = null;
		}
	}

	private void onFailed(UnitRecord record, @Nullable String trace, Instant now) {
		settleLastAction(record, Outcome.FAILED_AGAIN);
		record.runningSince = null;
		record.failedNow = true;
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
			return;
		}
		if (!Objects.equals(trace, record.checkedTrace)) {
			// Matched once per trace, not once per poll: 1,000 failing units with 2 KB
			// traces cost more in the patterns than in reading Connect's answer.
			record.checkedTrace = trace;
			record.quarantineMatch = quarantineMatch(trace).orElse(null);
		}
		if (record.quarantineMatch != null && !record.released) {
			record.state = UnitState.QUARANTINED;
			record.reason = "trace matches " + record.quarantineMatch;
			log(record.unit, "quarantine", record.reason, record.attempts, null);
			return;
		}
		if (!isDue(record, now)) {
			return;
		}
		if (this.properties.maxRestarts() >= 0 && record.attempts >= this.properties.maxRestarts()) {
			record.state = UnitState.GIVEN_UP;
			record.reason = "still " + record.condition + " after " + record.attempts + " restarts (limit "
					+ this.properties.maxRestarts() + ")";
			record.nextAttemptAt = null;
			log(record.unit, "give-up", record.reason, record.attempts, null);
		}
	}

	private static boolean isDue(UnitRecord record, Instant now) {
		return record.nextAttemptAt != null && !now.isBefore(record.nextAttemptAt);
	}

	private Optional<String> quarantineMatch(@Nullable String trace) {
		if (trace == null) {
			return Optional.empty();
		}
		return this.quarantine.stream().filter((p) -> p.matcher(trace).find()).map(Pattern::pattern).findFirst();
	}

	/**
	 * Decide which restarts go out now: due units, oldest failure first, within the
	 * budget and the concurrency; during an outage only the canary.
	 */
	private List<RestartRequest> plan(Instant now) {
		List<UnitRecord> due = new ArrayList<>();
		for (UnitRecord record : this.units.values()) {
			if (record.failedNow && record.state.isRestartable() && isDue(record, now)
					&& (this.properties.maxRestarts() < 0 || record.attempts < this.properties.maxRestarts())) {
				due.add(record);
			}
		}
		if (due.isEmpty()) {
			return List.of();
		}
		// Oldest failure first; among units failing since the same poll (a storm), those
		// restarted fewer times first, so every unit gets its first restart before any
		// gets its second.
		due.sort(Comparator
			.comparing((UnitRecord record) -> record.failingSince, Comparator.nullsLast(Comparator.naturalOrder()))
			.thenComparingInt((record) -> record.attempts));
		if (this.breaker.isOpen()) {
			due = canaryOnly(due);
		}
		List<RestartRequest> requests = new ArrayList<>();
		Set<UnitId> planned = new HashSet<>();
		int ahead = 0;
		for (UnitRecord record : due) {
			if (planned.contains(record.unit)) {
				continue;
			}
			if (this.inFlight + requests.size() >= this.properties.restartConcurrency()) {
				// A free request slot comes with the next answer; not a budget matter.
				continue;
			}
			int token = this.budget.tryTake(now);
			if (token < 0) {
				defer(record, now, ++ahead);
				continue;
			}
			RestartRequest request = request(record, due);
			requests.add(request);
			this.tokens.put(request, token);
			for (UnitId unit : request.units()) {
				planned.add(unit);
				UnitRecord member = this.units.get(unit);
				member.state = UnitState.RESTARTING;
				member.reason = null;
			}
		}
		if (this.properties.dryRun()) {
			requests.forEach((request) -> complete(request, RestartOutcome.DRY_RUN));
			return List.of();
		}
		this.inFlight += requests.size();
		return requests;
	}

	private List<UnitRecord> canaryOnly(List<UnitRecord> due) {
		UnitRecord canary = (this.breaker.canary() != null) ? this.units.get(this.breaker.canary()) : null;
		if (canary == null || !canary.failedNow
				|| !(canary.state.isRestartable() || canary.state == UnitState.RESTARTING)) {
			// The oldest failure that can still be restarted; the previous canary was
			// given up, quarantined or is gone.
			canary = this.units.values()
				.stream()
				.filter((record) -> record.failedNow && record.state.isRestartable())
				.min(Comparator.comparing((UnitRecord record) -> record.failingSince,
						Comparator.nullsLast(Comparator.naturalOrder())))
				.orElse(null);
			this.breaker.canary((canary != null) ? canary.unit : null);
		}
		for (UnitRecord record : this.units.values()) {
			if (record != canary && record.failedNow && record.state.isRestartable()) {
				if (record.state != UnitState.HELD) {
					record.state = UnitState.HELD;
				}
				record.reason = "outage: " + this.breaker.describe() + "; canary "
						+ ((canary != null) ? canary.unit : "none");
			}
		}
		if (canary != null && canary.state != UnitState.RESTARTING) {
			canary.reason = "canary of the outage: restarted once per back-off step";
		}
		return (canary != null && due.contains(canary)) ? List.of(canary) : List.of();
	}

	private void defer(UnitRecord record, Instant now, int ahead) {
		if (record.state != UnitState.WAITING) {
			record.state = UnitState.WAITING;
			for (HealingListener listener : this.listeners) {
				listener.onDeferred(record.unit);
			}
		}
		Instant nextToken = this.budget.nextTokenAt(now);
		record.reason = "restart budget of " + this.budget.perMinute() + " per minute spent; next restart "
				+ ((nextToken != null) ? "at " + nextToken : "a minute after the restarts in flight are answered")
				+ "; place in the queue: " + ahead;
	}

	/**
	 * One call for the unit; in cluster mode one KIP-745 call for all of a connector's
	 * failed units when all of them are due now, as an operator would restart them. Not
	 * when one of them is given up, quarantined or still backing off: the call would
	 * restart those too. Not in sidecar mode: the call restarts failed tasks on every
	 * worker, other sidecars' included.
	 */
	private RestartRequest request(UnitRecord record, List<UnitRecord> due) {
		if (!this.clusterMode || Boolean.FALSE.equals(this.kip745)) {
			return RestartRequest.of(record.unit);
		}
		String connector = record.unit.connector();
		List<UnitId> members = new ArrayList<>();
		for (UnitRecord other : this.units.values()) {
			if (other.unit.connector().equals(connector) && other.failedNow) {
				if (!due.contains(other) || other.condition != State.FAILED) {
					// KIP-745's onlyFailed leaves a STUCK task (RUNNING to Connect)
					// alone.
					return RestartRequest.of(record.unit);
				}
				members.add(other.unit);
			}
		}
		return (members.size() > 1) ? new RestartRequest(RestartCall.FAILED_UNITS, connector, List.copyOf(members))
				: RestartRequest.of(record.unit);
	}

	private void send(RestartRequest request) {
		this.restarter.restart(request)
			.onErrorResume((ex) -> Mono.just(new RestartOutcome(RestartResult.ERROR, ex.toString(), false)))
			.subscribe((outcome) -> {
				synchronized (this) {
					this.inFlight--;
					complete(request, outcome);
				}
			});
	}

	private synchronized void complete(RestartRequest request, RestartOutcome outcome) {
		Instant now = this.clock.instant();
		Integer token = this.tokens.remove(request);
		if (token != null) {
			this.budget.settle(token, now);
		}
		if (outcome.flagsIgnored()) {
			this.kip745 = false;
			event(new UnitId(request.connector(), null), "kip-745-unsupported",
					"the cluster predates Kafka 3.0: it restarted only the connector instance; restarting tasks one "
							+ "by one",
					0, null, now);
		}
		else if (request.call() == RestartCall.FAILED_UNITS && outcome.result() == RestartResult.ACCEPTED) {
			this.kip745 = true;
		}
		for (UnitId unit : request.units()) {
			UnitRecord record = this.units.get(unit);
			if (record == null) {
				continue;
			}
			if (outcome.flagsIgnored() && unit.isTask()) {
				// Not restarted after all: due again at once, with a per-task call.
				record.state = UnitState.BACKING_OFF;
				continue;
			}
			record(record, request.call(), outcome, now);
		}
	}

	private void record(UnitRecord record, RestartCall call, RestartOutcome outcome, Instant now) {
		RestartResult result = outcome.result();
		String error = outcome.error();
		int attempt = record.attempts + 1;
		record.answeredAt = now;
		switch (result) {
			case CONFLICT -> {
				// A rebalance: tried again after a short back-off of its own, without
				// counting an attempt; logged once per run of conflicts.
				record.conflicts++;
				record.state = UnitState.BACKING_OFF;
				record.nextAttemptAt = now.plus(conflictBackOff(record.conflicts));
				if (record.conflicts == 1) {
					log(record.unit, "restart-conflict", "409 from Connect (rebalance), retried after a short back-off",
							record.attempts, record.nextAttemptAt);
				}
				addHistory(new HealingAction(now, record.unit, call, attempt, result, error, Outcome.NOT_APPLICABLE));
			}
			case NOT_FOUND -> {
				log(record.unit, "drop", "404 from Connect: the unit is gone", record.attempts, null);
				addHistory(new HealingAction(now, record.unit, call, attempt, result, error, Outcome.NOT_APPLICABLE));
				this.units.remove(record.unit);
			}
			case ACCEPTED, ERROR, DRY_RUN -> {
				record.conflicts = 0;
				record.attempts = attempt;
				record.lastAttemptAt = now;
				record.nextAttemptAt = now.plus(this.backOff.after(attempt));
				record.state = UnitState.BACKING_OFF;
				record.lastError = error;
				Outcome outcomeToWatch = (result == RestartResult.ACCEPTED) ? Outcome.PENDING : Outcome.NOT_APPLICABLE;
				HealingAction action = new HealingAction(now, record.unit, call, attempt, result, error,
						outcomeToWatch);
				record.lastAction = action;
				addHistory(action);
				String verb = switch (result) {
					case DRY_RUN -> "restart-dry-run";
					case ERROR -> "restart-failed";
					default -> "restart";
				};
				log(record.unit, verb, (error != null) ? error : record.condition.name(), attempt,
						record.nextAttemptAt);
			}
		}
		for (HealingListener listener : this.listeners) {
			listener.onRestart(record.unit, result);
		}
	}

	private Duration conflictBackOff(int conflicts) {
		Duration backOff = Duration.ofSeconds(1).multipliedBy(1L << Math.min(conflicts - 1, 5));
		return (backOff.compareTo(this.properties.initialBackoff()) > 0) ? this.properties.initialBackoff() : backOff;
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

	private void log(UnitId unit, String action, String reason, int attempt, @Nullable Instant next) {
		event(unit, action, reason, attempt, next, this.clock.instant());
	}

	/**
	 * Log one decision, as a text line with the values escaped and, for structured
	 * logging ({@code logging.structured.format.console}), with each value a field of its
	 * own; then tell the listeners.
	 */
	private void event(@Nullable UnitId unit, String action, String reason, int attempt, @Nullable Instant next,
			Instant now) {
		HealingEvent event = new HealingEvent(now, action, unit, reason, attempt, next);
		LoggingEventBuilder line = (action.equals("outage-entered") ? logger.atWarn() : logger.atInfo())
			.addKeyValue("kind", "healing")
			.addKeyValue("action", action);
		if (unit != null) {
			line = line.addKeyValue("connector", unit.connector());
			if (unit.taskId() != null) {
				line = line.addKeyValue("task", unit.taskId());
			}
		}
		line = line.addKeyValue("reason", reason);
		if (unit != null) {
			line = line.addKeyValue("attempt", attempt);
		}
		if (next != null) {
			line = line.addKeyValue("nextAttempt", next.toString());
		}
		if (unit == null) {
			line.log("heal action={} reason=\"{}\": {}", action, LogText.of(reason),
					action.equals("outage-entered") ? "restarting one canary unit per back-off step instead of all"
							: "restarting at the budget's pace");
		}
		else if (!unit.isTask() && action.equals("kip-745-unsupported")) {
			line.log("heal connector={} action={} reason=\"{}\"", LogText.of(unit.connector()), action,
					LogText.of(reason));
		}
		else {
			line.log("heal unit={} action={} reason=\"{}\" attempt={} nextAttempt={}", LogText.of(unit), action,
					LogText.of(reason), attempt, (next != null) ? next : "-");
		}
		for (HealingListener listener : this.listeners) {
			listener.onEvent(event);
		}
	}

	@Override
	public synchronized boolean isBeingHealed(ClusterSnapshot snapshot, Unit unit) {
		if (this.properties.dryRun() || this.properties.countFailuresWhileHealing() || this.breaker.isOpen()
				|| !this.filter.watches(unit.connector())) {
			return false;
		}
		ConnectorStatus connector = snapshot.connector(unit.connector());
		if (connector != null && connector.isHeldByOperator()) {
			return false;
		}
		UnitRecord record = this.units.get(unit.unitId());
		if (record != null) {
			return record.state.isBeingHealed()
					|| (record.state == UnitState.RECOVERING || record.state == UnitState.RECOVERED)
							&& this.properties.maxRestarts() != 0;
		}
		// Not seen yet (the healer reads this snapshot after the health evaluation): it
		// will take it on unless a restart cannot help, or it does not restart such a
		// unit (a STUCK task with restart-stuck off).
		return isFailing(unit.state()) && this.properties.maxRestarts() != 0 && quarantineMatch(unit.trace()).isEmpty();
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
	public synchronized @Nullable UnitView unit(UnitId unit) {
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
	 * Return whether the healer is in an outage: restarting only a canary.
	 * @return {@code true} during an outage
	 */
	public synchronized boolean inOutage() {
		return this.breaker.isOpen();
	}

	/**
	 * Return the outage breaker's state.
	 * @return the view
	 */
	synchronized OutageBreaker.View outage() {
		return this.breaker.view();
	}

	/**
	 * Return the restart budget's state.
	 * @return the view
	 */
	synchronized BudgetView budget() {
		Instant now = this.clock.instant();
		return new BudgetView(this.budget.perMinute(), this.budget.available(now), this.budget.nextTokenAt(now),
				this.inFlight);
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
	 * The restart budget as the {@code healing} endpoint shows it.
	 *
	 * @param perMinute restarts allowed in any minute
	 * @param available restarts that may go out now
	 * @param nextTokenAt when the next restart may go out, {@code null} when one may now
	 * @param inFlight restart requests awaiting Connect's answer
	 */
	record BudgetView(int perMinute, int available, @Nullable Instant nextTokenAt, int inFlight) {
	}

	/**
	 * Told of each restart the healer decided.
	 */
	public interface HealingListener {

		/**
		 * Called after each restart's answer (or dry-run decision).
		 * @param unit the unit
		 * @param result what came of it
		 */
		void onRestart(UnitId unit, RestartResult result);

		/**
		 * Called when a due unit has to wait for the restart budget.
		 * @param unit the unit
		 */
		default void onDeferred(UnitId unit) {
		}

		/**
		 * Called for each healing decision, as it is logged. Called while the healer
		 * holds its lock: must not block.
		 * @param event the decision
		 */
		default void onEvent(HealingEvent event) {
		}

	}

	/** The mutable state of one unit, only touched under the healer's lock. */
	private static final class UnitRecord {

		final UnitId unit;

		UnitState state = UnitState.BACKING_OFF;

		int attempts;

		int conflicts;

		/**
		 * Whether the latest snapshot that settled the unit showed it FAILED or STUCK.
		 */
		boolean failedNow;

		/** What the latest snapshot that settled the unit showed of it. */
		State condition = State.FAILED;

		/** Whether the unit was STUCK since it last recovered. */
		boolean stuckEpisode;

		@Nullable Instant failingSince;

		@Nullable Instant lastAttemptAt;

		/** When Connect last answered a restart of it. */
		@Nullable Instant answeredAt;

		@Nullable Instant nextAttemptAt;

		@Nullable Instant runningSince;

		/** The trace last matched against the quarantine patterns, and what matched. */
		@Nullable String checkedTrace;

		@Nullable String quarantineMatch;

		@Nullable String lastError;

		@Nullable String reason;

		boolean released;

		@Nullable HealingAction lastAction;

		UnitRecord(UnitId unit, Instant now) {
			this.unit = unit;
			this.failingSince = now;
			// The first restart goes out right away.
			this.nextAttemptAt = now;
		}

		/**
		 * Whether the snapshot shows what the unit did after its latest restart: none is
		 * in flight, and the snapshot was read after Connect answered.
		 */
		boolean isSettledBy(ClusterSnapshot snapshot) {
			return this.state != UnitState.RESTARTING
					&& (this.answeredAt == null || snapshot.polledAt().isAfter(this.answeredAt));
		}

		UnitView view() {
			return new UnitView(this.unit.connector(), this.unit.taskId(), this.state, this.attempts, this.failingSince,
					this.lastAttemptAt, this.nextAttemptAt, this.lastError, this.reason, this.condition);
		}

	}

}
