package io.connectdoctor.healing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;

import io.connectdoctor.connect.ClusterSnapshot;
import io.connectdoctor.connect.ClusterStatus;
import io.connectdoctor.connect.ConnectCallException;
import io.connectdoctor.connect.ConnectorStatus;
import io.connectdoctor.connect.PollState;
import io.connectdoctor.connect.ReadMethod;
import io.connectdoctor.connect.State;
import io.connectdoctor.connect.TaskStatus;
import io.connectdoctor.target.WorkerTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The healer's decisions, poll by poll, on an injected clock the test moves, so schedules
 * are exact; the restarter records what would have been sent and answers as told.
 *
 * @author connect-doctor
 */
class HealerTests {

	private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

	private static final String MINE = "connect-0:8083";

	private static final String OTHER = "connect-1:8083";

	private static final UnitId TASK_0 = new UnitId("sink", 0);

	private static final UnitId TASK_1 = new UnitId("sink", 1);

	private final RecordingRestarter restarter = new RecordingRestarter();

	private final MutableClock clock = new MutableClock(T0);

	@ParameterizedTest(name = "after {0} restarts wait {1} s")
	@CsvSource({ "1, 10", "2, 20", "3, 40", "4, 60", "5, 60", "20, 60" })
	void backOffGrowsByTheMultiplierUpToTheMaximum(int attempts, long seconds) {
		BackOff backOff = new BackOff(Duration.ofSeconds(10), 2.0, Duration.ofSeconds(60), 0, () -> 0.5);
		assertThat(backOff.after(attempts)).isEqualTo(Duration.ofSeconds(seconds));
	}

	@ParameterizedTest(name = "random {0} gives {1} ms")
	@CsvSource({ "0.0, 8000", "0.5, 10000", "0.75, 11000" })
	void jitterSpreadsTheWaitByItsFraction(double random, long millis) {
		BackOff backOff = new BackOff(Duration.ofSeconds(10), 2.0, Duration.ofSeconds(60), 0.2, () -> random);
		assertThat(backOff.after(1)).isEqualTo(Duration.ofMillis(millis));
	}

	@ParameterizedTest(name = "poll at {0} s restarts: {1}")
	@CsvSource({ "0, 1", "5, 1", "9, 1", "10, 2", "29, 2", "30, 3", "69, 3", "70, 4" })
	void failedTaskIsRestartedAtOnceThenOnTimestampsOfItsBackOff(long lastPollSecond, int restarts) {
		Healer healer = healer(defaults().maxRestarts(-1).build());
		for (long second = 0; second <= lastPollSecond; second++) {
			healer.onPoll(poll(at(second), failing("sink", 0)));
		}
		assertThat(this.restarter.sent).hasSize(restarts).containsOnly(TASK_0);
	}

	@Test
	void restartLimitGivesUpWhenTheNextAttemptComesDueAndThenStops() {
		Healer healer = healer(defaults().maxRestarts(2).build());
		for (long second : new long[] { 0, 10, 29 }) {
			healer.onPoll(poll(at(second), failing("sink", 0)));
		}
		assertThat(this.restarter.sent).hasSize(2);
		assertThat(healer.units().get(0).state()).isEqualTo(UnitState.BACKING_OFF);
		assertThat(healer.isBeingHealed("sink", 0)).isTrue();
		healer.onPoll(poll(at(30), failing("sink", 0)));
		healer.onPoll(poll(at(3600), failing("sink", 0)));
		assertThat(this.restarter.sent).hasSize(2);
		UnitView unit = healer.units().get(0);
		assertThat(unit.state()).isEqualTo(UnitState.GIVEN_UP);
		assertThat(unit.reason()).contains("after 2 restarts");
		assertThat(healer.isBeingHealed("sink", 0)).isFalse();
	}

	@Test
	void countStartsAgainOnlyAfterRunningOnEveryPollForTheStabilityWindow() {
		Healer healer = healer(defaults().stabilityWindow(Duration.ofSeconds(60)).build());
		healer.onPoll(poll(at(0), failing("sink", 0)));
		healer.onPoll(poll(at(10), running("sink", 0)));
		healer.onPoll(poll(at(69), running("sink", 0)));
		assertThat(healer.units().get(0)).satisfies((unit) -> {
			assertThat(unit.state()).isEqualTo(UnitState.RECOVERING);
			assertThat(unit.attempts()).isEqualTo(1);
		});
		healer.onPoll(poll(at(70), running("sink", 0)));
		assertThat(healer.units().get(0)).satisfies((unit) -> {
			assertThat(unit.state()).isEqualTo(UnitState.RECOVERED);
			assertThat(unit.attempts()).isZero();
		});
		healer.onPoll(poll(at(71), failing("sink", 0)));
		assertThat(this.restarter.sent).hasSize(2);
		assertThat(healer.units().get(0).attempts()).isEqualTo(1);
	}

	@Test
	void flappingUnitKeepsItsCountAndItsSchedule() {
		Healer healer = healer(defaults().stabilityWindow(Duration.ofSeconds(60)).build());
		healer.onPoll(poll(at(0), failing("sink", 0)));
		healer.onPoll(poll(at(5), running("sink", 0)));
		healer.onPoll(poll(at(12), failing("sink", 0)));
		assertThat(healer.units().get(0).attempts()).isEqualTo(2);
		healer.onPoll(poll(at(15), running("sink", 0)));
		healer.onPoll(poll(at(20), failing("sink", 0)));
		assertThat(this.restarter.sent).hasSize(2);
		healer.onPoll(poll(at(32), failing("sink", 0)));
		assertThat(this.restarter.sent).hasSize(3);
		assertThat(healer.units().get(0).attempts()).isEqualTo(3);
	}

	@Test
	void nonRunningPollInsideTheStabilityWindowStartsTheWindowAgain() {
		Healer healer = healer(defaults().stabilityWindow(Duration.ofSeconds(60)).build());
		healer.onPoll(poll(at(0), failing("sink", 0)));
		healer.onPoll(poll(at(10), running("sink", 0)));
		healer.onPoll(poll(at(40), task("sink", 0, State.UNASSIGNED, MINE)));
		healer.onPoll(poll(at(50), running("sink", 0)));
		healer.onPoll(poll(at(80), running("sink", 0)));
		assertThat(healer.units().get(0).state()).isEqualTo(UnitState.RECOVERING);
		healer.onPoll(poll(at(110), running("sink", 0)));
		assertThat(healer.units().get(0).state()).isEqualTo(UnitState.RECOVERED);
	}

	@Test
	void twoFailedTasksOfOneConnectorKeepIndependentCounters() {
		Healer healer = healer(defaults().build());
		healer.onPoll(poll(at(0), connector("sink", State.RUNNING, taskStatus(0, State.FAILED, MINE, "boom"),
				taskStatus(1, State.RUNNING, MINE, null))));
		healer.onPoll(poll(at(10), connector("sink", State.RUNNING, taskStatus(0, State.FAILED, MINE, "boom"),
				taskStatus(1, State.FAILED, MINE, "boom"))));
		assertThat(this.restarter.sent).containsExactly(TASK_0, TASK_0, TASK_1);
		assertThat(healer.units()).extracting(UnitView::taskId, UnitView::attempts)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(0, 2), org.assertj.core.groups.Tuple.tuple(1, 1));
	}

	@Test
	void conflictDuringRebalanceIsRetriedNextPollWithoutCountingAnAttempt() {
		Healer healer = healer(defaults().build());
		this.restarter.answers.add(Mono.error(ConnectCallException.httpStatus("POST x", 409, "rebalance")));
		healer.onPoll(poll(at(0), failing("sink", 0)));
		assertThat(healer.units().get(0).attempts()).isZero();
		healer.onPoll(poll(at(1), failing("sink", 0)));
		assertThat(this.restarter.sent).hasSize(2);
		assertThat(healer.units().get(0).attempts()).isEqualTo(1);
		assertThat(healer.history()).extracting(HealingAction::result)
			.containsExactly(RestartResult.ACCEPTED, RestartResult.CONFLICT);
	}

	@Test
	void notFoundDropsTheUnitsState() {
		Healer healer = healer(defaults().build());
		this.restarter.answers.add(Mono.error(ConnectCallException.httpStatus("POST x", 404, "Unknown task")));
		healer.onPoll(poll(at(0), failing("sink", 0)));
		assertThat(healer.units()).isEmpty();
		assertThat(healer.history().get(0).result()).isEqualTo(RestartResult.NOT_FOUND);
	}

	@Test
	void serverErrorOrTimeoutCountsAsAFailedAttempt() {
		Healer healer = healer(defaults().build());
		this.restarter.answers.add(Mono.error(ConnectCallException.httpStatus("POST x", 500, "Request timed out")));
		this.restarter.answers.add(Mono.error(ConnectCallException.timeout("POST x", "within 7000 ms", null)));
		healer.onPoll(poll(at(0), failing("sink", 0)));
		healer.onPoll(poll(at(10), failing("sink", 0)));
		UnitView unit = healer.units().get(0);
		assertThat(unit.attempts()).isEqualTo(2);
		assertThat(unit.lastError()).contains("no answer");
		assertThat(unit.nextAttemptAt()).isEqualTo(at(30));
	}

	@Test
	void dryRunSendsNothingButDecidesAndCountsOnTheSameSchedule() {
		Healer healer = healer(defaults().dryRun(true).build());
		healer.onPoll(poll(at(0), failing("sink", 0)));
		healer.onPoll(poll(at(10), failing("sink", 0)));
		assertThat(this.restarter.sent).isEmpty();
		assertThat(healer.history()).extracting(HealingAction::result)
			.containsExactly(RestartResult.DRY_RUN, RestartResult.DRY_RUN);
		assertThat(healer.units().get(0).attempts()).isEqualTo(2);
		assertThat(healer.isBeingHealed("sink", 0)).isFalse();
	}

	@Test
	void failureMatchingAQuarantinePatternIsQuarantinedNotRestarted() {
		Healer healer = healer(defaults().build());
		healer.onPoll(poll(at(0), task("sink", 0, State.FAILED, MINE,
				"org.apache.kafka.common.config.ConfigException: Missing required configuration \"topics\"")));
		healer.onPoll(poll(at(60), task("sink", 0, State.FAILED, MINE,
				"org.apache.kafka.common.config.ConfigException: Missing required configuration \"topics\"")));
		assertThat(this.restarter.sent).isEmpty();
		assertThat(healer.units().get(0).state()).isEqualTo(UnitState.QUARANTINED);
		assertThat(healer.units().get(0).reason()).contains("ConfigException");
		assertThat(healer.isBeingHealed("sink", 0)).isFalse();
	}

	@Test
	void authenticationFailureIsQuarantinedByDefault() {
		Healer healer = healer(defaults().build());
		healer.onPoll(poll(at(0), task("sink", 0, State.FAILED, MINE,
				"org.postgresql.util.PSQLException: FATAL: password Authentication Failed for user \"app\"")));
		assertThat(healer.units().get(0).state()).isEqualTo(UnitState.QUARANTINED);
	}

	@Test
	void quarantineSwitchedOffRestartsEveryFailure() {
		Healer healer = healer(defaults().quarantinePatterns(List.of()).build());
		healer.onPoll(poll(at(0),
				task("sink", 0, State.FAILED, MINE, "org.apache.kafka.common.config.ConfigException: bad")));
		assertThat(this.restarter.sent).containsExactly(TASK_0);
	}

	@Test
	void pausedStoppedRestartingAndExcludedConnectorsAreNeverTouched() {
		Healer healer = healer(defaults().exclude(List.of("legacy-.*")).build());
		healer.onPoll(poll(at(0), connector("paused", State.PAUSED, taskStatus(0, State.FAILED, MINE, "x")),
				connector("stopped", State.STOPPED, taskStatus(0, State.FAILED, MINE, "x")),
				connector("restarting", State.RUNNING, taskStatus(0, State.RESTARTING, MINE, null)),
				connector("legacy-sink", State.RUNNING, taskStatus(0, State.FAILED, MINE, "x"))));
		assertThat(this.restarter.sent).isEmpty();
		assertThat(healer.units()).isEmpty();
	}

	@Test
	void sidecarHealsOnlyUnitsOnItsOwnWorker() {
		Healer healer = healer(defaults().build());
		healer.onPoll(poll(at(0), connector("sink", State.RUNNING, taskStatus(0, State.FAILED, MINE, "x"),
				taskStatus(1, State.FAILED, OTHER, "x"))));
		assertThat(this.restarter.sent).containsExactly(TASK_0);
	}

	@Test
	void clusterModeHealsUnitsOnEveryWorker() {
		Healer healer = new Healer(WorkerTarget.cluster(), defaults().build(), this.restarter, noJitter(10), this.clock,
				List.of());
		healer.onPoll(poll(at(0), connector("sink", State.RUNNING, taskStatus(0, State.FAILED, MINE, "x"),
				taskStatus(1, State.FAILED, OTHER, "x"))));
		assertThat(this.restarter.sent).containsExactlyInAnyOrder(TASK_0, TASK_1);
	}

	@Test
	void failedConnectorInstanceIsRestartedAsAConnector() {
		Healer healer = healer(defaults().build());
		healer.onPoll(poll(at(0), new ConnectorStatus("sink", "sink", State.FAILED, MINE, "x", List.of())));
		assertThat(this.restarter.sent).containsExactly(new UnitId("sink", null));
	}

	@Test
	void outcomeOfEachRestartIsRecordedFromTheFollowingPolls() {
		Healer healer = healer(defaults().build());
		healer.onPoll(poll(at(0), failing("sink", 0)));
		assertThat(healer.history().get(0).outcome()).isEqualTo(Outcome.PENDING);
		healer.onPoll(poll(at(1), task("sink", 0, State.RESTARTING, MINE, null)));
		assertThat(healer.history().get(0).outcome()).isEqualTo(Outcome.PENDING);
		healer.onPoll(poll(at(2), failing("sink", 0)));
		assertThat(healer.history().get(0).outcome()).isEqualTo(Outcome.FAILED_AGAIN);
		healer.onPoll(poll(at(10), failing("sink", 0)));
		healer.onPoll(poll(at(11), running("sink", 0)));
		assertThat(healer.history()).extracting(HealingAction::outcome)
			.containsExactly(Outcome.RUNNING_AGAIN, Outcome.FAILED_AGAIN);
	}

	@Test
	void deletedUnitLosesItsState() {
		Healer healer = healer(defaults().build());
		healer.onPoll(poll(at(0), failing("sink", 0)));
		healer.onPoll(poll(at(1)));
		assertThat(healer.units()).isEmpty();
	}

	@Test
	void releasedUnitIsRestartedAgainFromZero() {
		Healer healer = healer(defaults().maxRestarts(1).build());
		healer.onPoll(poll(at(0), failing("sink", 0)));
		healer.onPoll(poll(at(10), failing("sink", 0)));
		assertThat(healer.units().get(0).state()).isEqualTo(UnitState.GIVEN_UP);
		at(11);
		assertThat(healer.release(TASK_0))
			.hasValueSatisfying((unit) -> assertThat(unit.state()).isEqualTo(UnitState.BACKING_OFF));
		healer.onPoll(poll(at(12), failing("sink", 0)));
		assertThat(this.restarter.sent).hasSize(2);
	}

	private Healer healer(HealingProperties properties) {
		return new Healer(WorkerTarget.of(List.of(MINE)), properties, this.restarter,
				noJitter(properties.initialBackoff().toSeconds()), this.clock, List.of());
	}

	private static BackOff noJitter(long initialSeconds) {
		return new BackOff(Duration.ofSeconds(initialSeconds), 2.0, Duration.ofMinutes(10), 0, () -> 0.5);
	}

	static PropertiesBuilder defaults() {
		return new PropertiesBuilder();
	}

	/** Move the healer's clock to the given second and return that time, for the poll. */
	private Instant at(long second) {
		this.clock.set(T0.plusSeconds(second));
		return this.clock.instant();
	}

	private static PollState poll(Instant at, ConnectorStatus... connectors) {
		TreeMap<String, ConnectorStatus> byName = new TreeMap<>();
		Arrays.stream(connectors).forEach((c) -> byName.put(c.name(), c));
		return new PollState(new ClusterSnapshot(at, new ClusterStatus(byName, ReadMethod.EXPANDED)), null, null, at);
	}

	private static ConnectorStatus failing(String connector, int task) {
		return task(connector, task, State.FAILED, MINE, "org.apache.kafka.connect.errors.ConnectException: boom");
	}

	private static ConnectorStatus running(String connector, int task) {
		return task(connector, task, State.RUNNING, MINE, null);
	}

	private static ConnectorStatus task(String connector, int task, State state, String worker) {
		return task(connector, task, state, worker, null);
	}

	private static ConnectorStatus task(String connector, int task, State state, String worker, String trace) {
		return connector(connector, State.RUNNING, taskStatus(task, state, worker, trace));
	}

	private static ConnectorStatus connector(String name, State state, TaskStatus... tasks) {
		return new ConnectorStatus(name, "sink", state, MINE, null, List.of(tasks));
	}

	private static TaskStatus taskStatus(int id, State state, String worker, String trace) {
		return new TaskStatus(id, state, worker, trace);
	}

	/** A clock that stands still until the test moves it. */
	static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void set(Instant now) {
			this.now = now;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

	/** Records each restart and answers with the queued answers, then with success. */
	static final class RecordingRestarter implements Restarter {

		final List<UnitId> sent = new ArrayList<>();

		final Deque<Mono<Void>> answers = new ArrayDeque<>();

		@Override
		public Mono<Void> restart(UnitId unit) {
			this.sent.add(unit);
			Mono<Void> answer = this.answers.poll();
			return (answer != null) ? answer : Mono.empty();
		}

	}

	/** Healing properties with the defaults of this test: 10 s initial back-off. */
	static final class PropertiesBuilder {

		private boolean dryRun;

		private int maxRestarts = 7;

		private Duration stabilityWindow = Duration.ofMinutes(5);

		private List<String> quarantinePatterns = List.of("org\\.apache\\.kafka\\.common\\.config\\.ConfigException",
				"(?i)(authentication failed|not authorized)");

		private List<String> exclude = List.of();

		PropertiesBuilder dryRun(boolean dryRun) {
			this.dryRun = dryRun;
			return this;
		}

		PropertiesBuilder maxRestarts(int maxRestarts) {
			this.maxRestarts = maxRestarts;
			return this;
		}

		PropertiesBuilder stabilityWindow(Duration window) {
			this.stabilityWindow = window;
			return this;
		}

		PropertiesBuilder quarantinePatterns(List<String> patterns) {
			this.quarantinePatterns = patterns;
			return this;
		}

		PropertiesBuilder exclude(List<String> exclude) {
			this.exclude = exclude;
			return this;
		}

		HealingProperties build() {
			return new HealingProperties(true, this.dryRun, this.maxRestarts, Duration.ofSeconds(10), 2.0,
					Duration.ofMinutes(10), 0, this.stabilityWindow, this.quarantinePatterns, List.of(), this.exclude,
					false, false, 50, 4);
		}

	}

}
