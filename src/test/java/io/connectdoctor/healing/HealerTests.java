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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.connectdoctor.connect.ClusterSnapshot;
import io.connectdoctor.connect.ClusterStatus;
import io.connectdoctor.connect.ConnectCallException;
import io.connectdoctor.connect.ConnectorStatus;
import io.connectdoctor.connect.PollState;
import io.connectdoctor.connect.ReadMethod;
import io.connectdoctor.connect.State;
import io.connectdoctor.connect.TaskStatus;
import io.connectdoctor.connect.Unit;
import io.connectdoctor.connect.UnitId;
import io.connectdoctor.connect.WorkerSelector;
import io.connectdoctor.target.WorkerTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The healer's decisions, poll by poll, on an injected clock the test moves, so schedules
 * are exact; the restarter records what would have been sent and answers as told.
 *
 * @author connect-doctor
 */
@ExtendWith(OutputCaptureExtension.class)
class HealerTests {

	private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

	private static final String MINE = "connect-0:8083";

	private static final String OTHER = "connect-1:8083";

	private static final UnitId TASK_0 = new UnitId("sink", 0);

	private static final UnitId TASK_1 = new UnitId("sink", 1);

	private static final String STUCK_REASON = "RUNNING, but the committed offsets of consumer group connect-sink have "
			+ "not moved for PT10M while 42 records wait";

	private final RecordingRestarter restarter = new RecordingRestarter();

	private final MutableClock clock = new MutableClock(T0);

	private WorkerSelector selector = WorkerTarget.of(List.of(MINE));

	private PollState lastPoll;

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
			step(healer, poll(at(second), failing("sink", 0)));
		}
		assertThat(this.restarter.sent).hasSize(restarts).containsOnly(TASK_0);
	}

	@Test
	void restartLimitGivesUpWhenTheNextAttemptComesDueAndThenStops() {
		Healer healer = healer(defaults().maxRestarts(2).build());
		for (long second : new long[] { 0, 10, 29 }) {
			step(healer, poll(at(second), failing("sink", 0)));
		}
		assertThat(this.restarter.sent).hasSize(2);
		assertThat(healer.units().get(0).state()).isEqualTo(UnitState.BACKING_OFF);
		assertThat(isBeingHealed(healer, 0)).isTrue();
		step(healer, poll(at(30), failing("sink", 0)));
		step(healer, poll(at(3600), failing("sink", 0)));
		assertThat(this.restarter.sent).hasSize(2);
		UnitView unit = healer.units().get(0);
		assertThat(unit.state()).isEqualTo(UnitState.GIVEN_UP);
		assertThat(unit.reason()).contains("after 2 restarts");
		assertThat(isBeingHealed(healer, 0)).isFalse();
	}

	@Test
	void countStartsAgainOnlyAfterRunningOnEveryPollForTheStabilityWindow() {
		Healer healer = healer(defaults().stabilityWindow(Duration.ofSeconds(60)).build());
		step(healer, poll(at(0), failing("sink", 0)));
		step(healer, poll(at(10), running("sink", 0)));
		step(healer, poll(at(69), running("sink", 0)));
		assertThat(healer.units().get(0)).satisfies((unit) -> {
			assertThat(unit.state()).isEqualTo(UnitState.RECOVERING);
			assertThat(unit.attempts()).isEqualTo(1);
		});
		step(healer, poll(at(70), running("sink", 0)));
		assertThat(healer.units().get(0)).satisfies((unit) -> {
			assertThat(unit.state()).isEqualTo(UnitState.RECOVERED);
			assertThat(unit.attempts()).isZero();
		});
		step(healer, poll(at(71), failing("sink", 0)));
		assertThat(this.restarter.sent).hasSize(2);
		assertThat(healer.units().get(0).attempts()).isEqualTo(1);
	}

	@Test
	void flappingUnitKeepsItsCountAndItsSchedule() {
		Healer healer = healer(defaults().stabilityWindow(Duration.ofSeconds(60)).build());
		step(healer, poll(at(0), failing("sink", 0)));
		step(healer, poll(at(5), running("sink", 0)));
		step(healer, poll(at(12), failing("sink", 0)));
		assertThat(healer.units().get(0).attempts()).isEqualTo(2);
		step(healer, poll(at(15), running("sink", 0)));
		step(healer, poll(at(20), failing("sink", 0)));
		assertThat(this.restarter.sent).hasSize(2);
		step(healer, poll(at(32), failing("sink", 0)));
		assertThat(this.restarter.sent).hasSize(3);
		assertThat(healer.units().get(0).attempts()).isEqualTo(3);
	}

	@Test
	void nonRunningPollInsideTheStabilityWindowStartsTheWindowAgain() {
		Healer healer = healer(defaults().stabilityWindow(Duration.ofSeconds(60)).build());
		step(healer, poll(at(0), failing("sink", 0)));
		step(healer, poll(at(10), running("sink", 0)));
		step(healer, poll(at(40), task("sink", 0, State.UNASSIGNED, MINE)));
		step(healer, poll(at(50), running("sink", 0)));
		step(healer, poll(at(80), running("sink", 0)));
		assertThat(healer.units().get(0).state()).isEqualTo(UnitState.RECOVERING);
		step(healer, poll(at(110), running("sink", 0)));
		assertThat(healer.units().get(0).state()).isEqualTo(UnitState.RECOVERED);
	}

	@Test
	void twoFailedTasksOfOneConnectorKeepIndependentCounters() {
		Healer healer = healer(defaults().build());
		step(healer, poll(at(0), connector("sink", State.RUNNING, taskStatus(0, State.FAILED, MINE, "boom"),
				taskStatus(1, State.RUNNING, MINE, null))));
		step(healer, poll(at(10), connector("sink", State.RUNNING, taskStatus(0, State.FAILED, MINE, "boom"),
				taskStatus(1, State.FAILED, MINE, "boom"))));
		assertThat(this.restarter.sent).containsExactly(TASK_0, TASK_0, TASK_1);
		assertThat(healer.units()).extracting(UnitView::taskId, UnitView::attempts)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(0, 2), org.assertj.core.groups.Tuple.tuple(1, 1));
	}

	@Test
	void conflictDuringRebalanceIsRetriedNextPollWithoutCountingAnAttempt() {
		Healer healer = healer(defaults().build());
		this.restarter.answer(RestartResult.CONFLICT, "rebalance");
		step(healer, poll(at(0), failing("sink", 0)));
		assertThat(healer.units().get(0).attempts()).isZero();
		step(healer, poll(at(1), failing("sink", 0)));
		assertThat(this.restarter.sent).hasSize(2);
		assertThat(healer.units().get(0).attempts()).isEqualTo(1);
		assertThat(healer.history()).extracting(HealingAction::result)
			.containsExactly(RestartResult.ACCEPTED, RestartResult.CONFLICT);
	}

	@Test
	void notFoundDropsTheUnitsState() {
		Healer healer = healer(defaults().build());
		this.restarter.answer(RestartResult.NOT_FOUND, "Unknown task");
		step(healer, poll(at(0), failing("sink", 0)));
		assertThat(healer.units()).isEmpty();
		assertThat(healer.history().get(0).result()).isEqualTo(RestartResult.NOT_FOUND);
	}

	@Test
	void serverErrorOrTimeoutCountsAsAFailedAttempt() {
		Healer healer = healer(defaults().build());
		this.restarter.answer(RestartResult.ERROR,
				ConnectCallException.httpStatus("POST x", 500, "Request timed out").getMessage());
		this.restarter.answer(RestartResult.ERROR,
				ConnectCallException.timeout("POST x", "within 7000 ms", null).getMessage());
		step(healer, poll(at(0), failing("sink", 0)));
		step(healer, poll(at(10), failing("sink", 0)));
		UnitView unit = healer.units().get(0);
		assertThat(unit.attempts()).isEqualTo(2);
		assertThat(unit.lastError()).contains("no answer");
		assertThat(unit.nextAttemptAt()).isEqualTo(at(30));
	}

	@Test
	void dryRunSendsNothingButDecidesAndCountsOnTheSameSchedule() {
		Healer healer = healer(defaults().dryRun(true).build());
		step(healer, poll(at(0), failing("sink", 0)));
		step(healer, poll(at(10), failing("sink", 0)));
		assertThat(this.restarter.sent).isEmpty();
		assertThat(healer.history()).extracting(HealingAction::result)
			.containsExactly(RestartResult.DRY_RUN, RestartResult.DRY_RUN);
		assertThat(healer.units().get(0).attempts()).isEqualTo(2);
		assertThat(isBeingHealed(healer, 0)).isFalse();
	}

	@Test
	void failureMatchingAQuarantinePatternIsQuarantinedNotRestarted() {
		Healer healer = healer(defaults().build());
		step(healer, poll(at(0), task("sink", 0, State.FAILED, MINE,
				"org.apache.kafka.common.config.ConfigException: Missing required configuration \"topics\"")));
		step(healer, poll(at(60), task("sink", 0, State.FAILED, MINE,
				"org.apache.kafka.common.config.ConfigException: Missing required configuration \"topics\"")));
		assertThat(this.restarter.sent).isEmpty();
		assertThat(healer.units().get(0).state()).isEqualTo(UnitState.QUARANTINED);
		assertThat(healer.units().get(0).reason()).contains("ConfigException");
		assertThat(isBeingHealed(healer, 0)).isFalse();
	}

	@Test
	void authenticationFailureIsQuarantinedByDefault() {
		Healer healer = healer(defaults().build());
		step(healer, poll(at(0), task("sink", 0, State.FAILED, MINE,
				"org.postgresql.util.PSQLException: FATAL: password authentication failed for user \"app\"")));
		assertThat(healer.units().get(0).state()).isEqualTo(UnitState.QUARANTINED);
		assertThat(this.restarter.sent).isEmpty();
	}

	@Test
	void restartsBeyondTheBudgetWaitTheirTurnOldestFailureFirst() {
		Healer healer = healer(defaults().set("max-restarts-per-minute", 2).set("outage-min-units", 100).build());
		step(healer, poll(at(0), task("old", 0, State.FAILED, MINE, "x")));
		step(healer, poll(at(5), task("old", 0, State.RUNNING, MINE, null), task("b", 0, State.FAILED, MINE, "x"),
				task("c", 0, State.FAILED, MINE, "x"), task("d", 0, State.FAILED, MINE, "x")));
		assertThat(this.restarter.sent).containsExactly(new UnitId("old", 0), new UnitId("b", 0));
		assertThat(healer.units()).filteredOn((u) -> u.state() == UnitState.WAITING)
			.extracting(UnitView::connector)
			.containsExactly("c", "d");
		assertThat(healer.unit(new UnitId("c", 0)).reason()).contains("restart budget of 2 per minute spent");
		assertThat(isBeingHealed(healer, 0)).isTrue();
		// A token comes back exactly one minute after it was spent, never sooner.
		step(healer, poll(at(59), task("c", 0, State.FAILED, MINE, "x"), task("d", 0, State.FAILED, MINE, "x")));
		assertThat(this.restarter.sent).hasSize(2);
		step(healer, poll(at(60), task("c", 0, State.FAILED, MINE, "x"), task("d", 0, State.FAILED, MINE, "x")));
		assertThat(this.restarter.sent).hasSize(3).last().isEqualTo(new UnitId("c", 0));
	}

	@Test
	void inAStormEveryUnitGetsItsFirstRestartBeforeAnyItsSecond() {
		Healer healer = healer(defaults().set("max-restarts-per-minute", 3).set("outage-min-units", 100).build());
		ConnectorStatus[] storm = { task("a", 0, State.FAILED, MINE, "x"), task("b", 0, State.FAILED, MINE, "x"),
				task("c", 0, State.FAILED, MINE, "x"), task("d", 0, State.FAILED, MINE, "x") };
		step(healer, poll(at(0), storm));
		assertThat(this.restarter.sent).extracting(UnitId::connector).containsExactly("a", "b", "c");
		step(healer, poll(at(60), storm));
		assertThat(this.restarter.sent).extracting(UnitId::connector).containsExactly("a", "b", "c", "d", "a", "b");
		assertThat(healer.unit(new UnitId("c", 0)).reason()).endsWith("place in the queue: 1");
	}

	@Test
	void aTokenComesBackAMinuteAfterItsRestartWasAnsweredNotSent() {
		Healer healer = healer(defaults().set("max-restarts-per-minute", 1).set("outage-min-units", 100).build());
		Sinks.One<RestartOutcome> answer = Sinks.one();
		this.restarter.answers.add(answer.asMono());
		step(healer, poll(at(0), task("a", 0, State.FAILED, MINE, "x"), task("b", 0, State.FAILED, MINE, "x")));
		at(30);
		answer.tryEmitValue(RestartOutcome.ACCEPTED);
		step(healer, poll(at(60), task("a", 0, State.FAILED, MINE, "x"), task("b", 0, State.FAILED, MINE, "x")));
		assertThat(this.restarter.sent).containsExactly(new UnitId("a", 0));
		step(healer, poll(at(90), task("a", 0, State.FAILED, MINE, "x"), task("b", 0, State.FAILED, MINE, "x")));
		assertThat(this.restarter.sent).containsExactly(new UnitId("a", 0), new UnitId("b", 0));
	}

	@ParameterizedTest(name = "{0} restarts per minute")
	@CsvSource({ "1", "5", "30" })
	void noSixtySecondWindowHoldsMoreRestartsThanTheBudget(int perMinute) {
		RestartBudget budget = new RestartBudget(perMinute);
		List<Instant> sent = new ArrayList<>();
		for (int second = 0; second < 300; second++) {
			int token;
			while ((token = budget.tryTake(at(second))) >= 0) {
				sent.add(at(second));
				// Answered a second later: the token is back a minute after that.
				budget.settle(token, at(second + 1));
			}
		}
		for (Instant start : sent) {
			assertThat(sent.stream().filter((t) -> !t.isBefore(start) && t.isBefore(start.plusSeconds(60))).count())
				.isLessThanOrEqualTo(perMinute);
		}
		assertThat(sent).hasSizeGreaterThanOrEqualTo(4 * perMinute);
	}

	@Test
	void aRestartInFlightIsNeverSentTwice() {
		Healer healer = healer(defaults().build());
		Sinks.One<RestartOutcome> answer = Sinks.one();
		this.restarter.answers.add(answer.asMono());
		step(healer, poll(at(0), failing("sink", 0)));
		step(healer, poll(at(1), failing("sink", 0)));
		step(healer, poll(at(30), failing("sink", 0)));
		assertThat(this.restarter.sent).containsExactly(TASK_0);
		assertThat(healer.units().get(0).state()).isEqualTo(UnitState.RESTARTING);
		answer.tryEmitValue(RestartOutcome.ACCEPTED);
		assertThat(healer.units().get(0).state()).isEqualTo(UnitState.BACKING_OFF);
		assertThat(healer.units().get(0).nextAttemptAt()).isEqualTo(at(30).plusSeconds(10));
	}

	@Test
	void snapshotReadBeforeTheRestartWasAnsweredSaysNothingOfItsOutcome() {
		Healer healer = healer(defaults().build());
		at(0);
		PollState before = poll(at(0), failing("sink", 0));
		at(2);
		step(healer, before);
		assertThat(healer.history().get(0).outcome()).isEqualTo(Outcome.PENDING);
		healer.onPoll(poll(at(1), failing("sink", 0)));
		at(3);
		healer.heal();
		assertThat(healer.history().get(0).outcome()).isEqualTo(Outcome.PENDING);
		step(healer, poll(at(4), failing("sink", 0)));
		assertThat(healer.history().get(0).outcome()).isEqualTo(Outcome.FAILED_AGAIN);
	}

	@Test
	void conflictIsRetriedAfterAShortBackOffOfItsOwn() {
		Healer healer = healer(defaults().build());
		this.restarter.answer(RestartResult.CONFLICT, "rebalance");
		this.restarter.answer(RestartResult.CONFLICT, "rebalance");
		step(healer, poll(at(0), failing("sink", 0)));
		assertThat(healer.units().get(0).nextAttemptAt()).isEqualTo(at(1));
		step(healer, poll(at(0), failing("sink", 0)));
		step(healer, poll(at(1), failing("sink", 0)));
		assertThat(healer.units().get(0).nextAttemptAt()).isEqualTo(at(3));
		step(healer, poll(at(2), failing("sink", 0)));
		assertThat(this.restarter.sent).hasSize(2);
		step(healer, poll(at(3), failing("sink", 0)));
		assertThat(this.restarter.sent).hasSize(3);
		assertThat(healer.units().get(0).attempts()).isEqualTo(1);
	}

	@Test
	void unitTheHealerHasNotSeenYetIsBeingHealedUnlessARestartCannotHelp() {
		Healer healer = healer(defaults().build());
		poll(at(0), failing("sink", 0));
		assertThat(isBeingHealed(healer, 0)).isTrue();
		poll(at(0), task("sink", 0, State.FAILED, MINE, "org.apache.kafka.common.config.ConfigException: bad"));
		assertThat(isBeingHealed(healer, 0)).isFalse();
	}

	@Test
	void manyUnitsFailingAtOnceIsAnOutageWhereOnlyACanaryIsRestartedPerBackOffStep() {
		Healer healer = healer(defaults().build());
		step(healer, poll(at(0), many(10, State.FAILED)));
		assertThat(healer.inOutage()).isTrue();
		assertThat(this.restarter.sent).containsExactly(new UnitId("sink-000", 0));
		assertThat(healer.units()).filteredOn((u) -> u.state() == UnitState.HELD).hasSize(9);
		assertThat(healer.unit(new UnitId("sink-005", 0)).reason()).contains("outage: 10 of 10 units failing")
			.contains("canary sink-000/task-0");
		assertThat(isBeingHealed(healer, 0)).isFalse();
		step(healer, poll(at(9), many(10, State.FAILED)));
		assertThat(this.restarter.sent).hasSize(1);
		step(healer, poll(at(10), many(10, State.FAILED)));
		step(healer, poll(at(30), many(10, State.FAILED)));
		assertThat(this.restarter.sent).containsOnly(new UnitId("sink-000", 0)).hasSize(3);
	}

	@Test
	void outageEndsWhenTheCanaryRunsAgainAndTheRestAreRestartedAtTheBudgetsPace() {
		Healer healer = healer(defaults().set("max-restarts-per-minute", 4).build());
		step(healer, poll(at(0), many(10, State.FAILED)));
		ConnectorStatus[] canaryBack = many(10, State.FAILED);
		canaryBack[0] = task("sink-000", 0, State.RUNNING, MINE, null);
		step(healer, poll(at(1), canaryBack));
		assertThat(healer.inOutage()).isFalse();
		// Still 9 of 10 failing: the breaker does not open again until failures drop.
		assertThat(this.restarter.sent).hasSize(4);
		assertThat(healer.units()).filteredOn((u) -> u.state() == UnitState.WAITING).hasSize(6);
		step(healer, poll(at(2), canaryBack));
		assertThat(healer.inOutage()).isFalse();
	}

	@Test
	void outageEndsWhenTheUnitsRunAgainByThemselves() {
		Healer healer = healer(defaults().build());
		step(healer, poll(at(0), many(10, State.FAILED)));
		assertThat(healer.inOutage()).isTrue();
		step(healer, poll(at(1), many(10, State.RUNNING)));
		assertThat(healer.inOutage()).isFalse();
		assertThat(healer.units()).allSatisfy((u) -> assertThat(u.state()).isIn(UnitState.RECOVERING));
	}

	@Test
	void fewFailuresAreNoOutageWhateverTheShare() {
		Healer healer = healer(defaults().build());
		step(healer, poll(at(0), many(4, State.FAILED)));
		assertThat(healer.inOutage()).isFalse();
		assertThat(this.restarter.sent).hasSize(4);
	}

	@Test
	void clusterModeRestartsAConnectorsFailedTasksWithOneCallCountedOnce() {
		this.selector = WorkerSelector.EVERY_WORKER;
		Healer healer = new Healer(true, defaults().set("max-restarts-per-minute", 1).build(), this.restarter,
				noJitter(10), this.clock, List.of());
		step(healer, poll(at(0), connector("sink", State.RUNNING, taskStatus(0, State.FAILED, MINE, "x"),
				taskStatus(1, State.FAILED, OTHER, "x"), taskStatus(2, State.RUNNING, OTHER, null))));
		assertThat(this.restarter.requests).singleElement().satisfies((request) -> {
			assertThat(request.call()).isEqualTo(RestartCall.FAILED_UNITS);
			assertThat(request.units()).containsExactly(TASK_0, TASK_1);
		});
		assertThat(healer.units()).extracting(UnitView::attempts).containsExactly(1, 1);
		assertThat(healer.history()).extracting(HealingAction::call).containsOnly(RestartCall.FAILED_UNITS).hasSize(2);
	}

	@Test
	void clusterModeRestartsTasksOneByOneWhenOneOfThemMustBeLeftAlone() {
		this.selector = WorkerSelector.EVERY_WORKER;
		Healer healer = new Healer(true, defaults().build(), this.restarter, noJitter(10), this.clock, List.of());
		step(healer, poll(at(0), connector("sink", State.RUNNING, taskStatus(0, State.FAILED, MINE, "x"),
				taskStatus(1, State.FAILED, OTHER, "org.apache.kafka.common.config.ConfigException: bad"))));
		assertThat(this.restarter.requests).extracting(RestartRequest::call).containsExactly(RestartCall.TASK);
		assertThat(this.restarter.sent).containsExactly(TASK_0);
	}

	@Test
	void clusterBeforeKip745IsRestartedTaskByTaskOnceItIgnoresTheFlags() {
		this.selector = WorkerSelector.EVERY_WORKER;
		Healer healer = new Healer(true, defaults().build(), this.restarter, noJitter(10), this.clock, List.of());
		this.restarter.answers.add(Mono.just(new RestartOutcome(RestartResult.ACCEPTED, null, true)));
		ConnectorStatus status = connector("sink", State.RUNNING, taskStatus(0, State.FAILED, MINE, "x"),
				taskStatus(1, State.FAILED, OTHER, "x"));
		step(healer, poll(at(0), status));
		step(healer, poll(at(1), status));
		assertThat(this.restarter.requests).extracting(RestartRequest::call)
			.containsExactly(RestartCall.FAILED_UNITS, RestartCall.TASK, RestartCall.TASK);
		assertThat(healer.units()).extracting(UnitView::attempts).containsExactly(1, 1);
	}

	@Test
	void aConnectorNameCannotAddALineToTheLog(CapturedOutput output) {
		Healer healer = healer(defaults().build());
		String evil = "evil\n2026-11-30T10:00:00.000Z ERROR 1 --- [main] io.connectdoctor.Forged : INJECTED\u2028x";
		step(healer, poll(at(0), failing(evil, 0)));
		assertThat(this.restarter.sent).containsExactly(new UnitId(evil, 0));
		assertThat(output.getAll().lines().filter((line) -> line.contains("INJECTED"))).singleElement()
			.satisfies((line) -> assertThat(line).contains("heal unit=evil\\n2026").contains("\\u2028x"));
	}

	@Test
	void quarantineSwitchedOffRestartsEveryFailure() {
		Healer healer = healer(defaults().quarantinePatterns(List.of()).build());
		step(healer, poll(at(0),
				task("sink", 0, State.FAILED, MINE, "org.apache.kafka.common.config.ConfigException: bad")));
		assertThat(this.restarter.sent).containsExactly(TASK_0);
	}

	@Test
	void pausedStoppedRestartingAndExcludedConnectorsAreNeverTouched() {
		Healer healer = healer(defaults().exclude(List.of("legacy-.*")).build());
		step(healer,
				poll(at(0), connector("paused", State.PAUSED, taskStatus(0, State.FAILED, MINE, "x")),
						connector("stopped", State.STOPPED, taskStatus(0, State.FAILED, MINE, "x")),
						connector("restarting", State.RUNNING, taskStatus(0, State.RESTARTING, MINE, null)),
						connector("legacy-sink", State.RUNNING, taskStatus(0, State.FAILED, MINE, "x"))));
		assertThat(this.restarter.sent).isEmpty();
		assertThat(healer.units()).isEmpty();
	}

	@Test
	void sidecarHealsOnlyUnitsOnItsOwnWorker() {
		Healer healer = healer(defaults().build());
		step(healer, poll(at(0), connector("sink", State.RUNNING, taskStatus(0, State.FAILED, MINE, "x"),
				taskStatus(1, State.FAILED, OTHER, "x"))));
		assertThat(this.restarter.sent).containsExactly(TASK_0);
	}

	@Test
	void clusterModeHealsUnitsOnEveryWorker() {
		this.selector = WorkerSelector.EVERY_WORKER;
		Healer healer = new Healer(true, defaults().build(), this.restarter, noJitter(10), this.clock, List.of());
		step(healer, poll(at(0), connector("sink", State.RUNNING, taskStatus(0, State.FAILED, MINE, "x"),
				taskStatus(1, State.FAILED, OTHER, "x"))));
		assertThat(this.restarter.sent).containsExactlyInAnyOrder(TASK_0, TASK_1);
	}

	@Test
	void failedConnectorInstanceIsRestartedAsAConnector() {
		Healer healer = healer(defaults().build());
		step(healer, poll(at(0), new ConnectorStatus("sink", "sink", State.FAILED, MINE, "x", List.of())));
		assertThat(this.restarter.sent).containsExactly(new UnitId("sink", null));
	}

	@Test
	void outcomeOfEachRestartIsRecordedFromTheFollowingPolls() {
		Healer healer = healer(defaults().build());
		step(healer, poll(at(0), failing("sink", 0)));
		assertThat(healer.history().get(0).outcome()).isEqualTo(Outcome.PENDING);
		step(healer, poll(at(1), task("sink", 0, State.RESTARTING, MINE, null)));
		assertThat(healer.history().get(0).outcome()).isEqualTo(Outcome.PENDING);
		step(healer, poll(at(2), failing("sink", 0)));
		assertThat(healer.history().get(0).outcome()).isEqualTo(Outcome.FAILED_AGAIN);
		step(healer, poll(at(10), failing("sink", 0)));
		step(healer, poll(at(11), running("sink", 0)));
		assertThat(healer.history()).extracting(HealingAction::outcome)
			.containsExactly(Outcome.RUNNING_AGAIN, Outcome.FAILED_AGAIN);
	}

	@Test
	void deletedUnitLosesItsState() {
		Healer healer = healer(defaults().build());
		step(healer, poll(at(0), failing("sink", 0)));
		step(healer, poll(at(1)));
		assertThat(healer.units()).isEmpty();
	}

	@Test
	void releasedUnitIsRestartedAgainFromZero() {
		Healer healer = healer(defaults().maxRestarts(1).build());
		step(healer, poll(at(0), failing("sink", 0)));
		step(healer, poll(at(10), failing("sink", 0)));
		assertThat(healer.units().get(0).state()).isEqualTo(UnitState.GIVEN_UP);
		at(11);
		assertThat(healer.release(TASK_0))
			.hasValueSatisfying((unit) -> assertThat(unit.state()).isEqualTo(UnitState.BACKING_OFF));
		step(healer, poll(at(12), failing("sink", 0)));
		assertThat(this.restarter.sent).hasSize(2);
	}

	@Test
	void stuckTaskIsRestartedByItselfAndRecoversOnlyOnceTheCheckCouldJudgeItAgainSoTheLimitHolds() {
		Healer healer = new Healer(true, defaults().maxRestarts(2).stabilityWindow(Duration.ofSeconds(60)).build(),
				this.restarter, noJitter(10), this.clock, List.of(), Duration.ofSeconds(660));
		step(healer, poll(at(0), connector("sink", State.RUNNING, taskStatus(0, State.STUCK, MINE, STUCK_REASON),
				taskStatus(1, State.FAILED, MINE, "boom"))));
		// Cluster mode, both due at once: still a call each, since KIP-745's onlyFailed
		// would leave the STUCK task (RUNNING to Connect) alone.
		assertThat(this.restarter.requests).extracting(RestartRequest::call).containsOnly(RestartCall.TASK);
		assertThat(this.restarter.sent).containsExactlyInAnyOrder(TASK_0, TASK_1);
		step(healer, poll(at(1), running("sink", 0)));
		step(healer, poll(at(120), running("sink", 0)));
		// RUNNING longer than the stability window, but not yet judged again.
		assertThat(healer.unit(TASK_0).state()).isEqualTo(UnitState.RECOVERING);
		assertThat(healer.unit(TASK_0).condition()).isEqualTo(State.RUNNING);

		step(healer, poll(at(700), stuck("sink", 0)));
		assertThat(healer.unit(TASK_0).attempts()).isEqualTo(2);
		step(healer, poll(at(701), running("sink", 0)));
		step(healer, poll(at(1400), stuck("sink", 0)));
		assertThat(healer.unit(TASK_0).state()).isEqualTo(UnitState.GIVEN_UP);
		assertThat(healer.unit(TASK_0).reason()).isEqualTo("still STUCK after 2 restarts (limit 2)");
		assertThat(healer.unit(TASK_0).condition()).isEqualTo(State.STUCK);
	}

	@Test
	void stuckTaskIsLeftAloneWhenRestartStuckIsOff() {
		Healer healer = healer(defaults().set("restart-stuck", false).build());
		step(healer, poll(at(0), stuck("sink", 0)));
		step(healer, poll(at(60), stuck("sink", 0)));
		assertThat(this.restarter.sent).isEmpty();
		assertThat(healer.units()).isEmpty();
		// So /healthcheck, asked to count STUCK, counts it: nobody is healing it.
		assertThat(isBeingHealed(healer, 0)).isFalse();
		assertThat(isBeingHealed(healer(defaults().build()), 0)).isTrue();
	}

	@Test
	void stuckTaskIsToldOfOncePerEpisodeEvenWhenTheHealerLeavesItAlone() {
		List<HealingEvent> events = new ArrayList<>();
		Healer.HealingListener listener = new Healer.HealingListener() {

			@Override
			public void onRestart(UnitId unit, RestartResult result) {
			}

			@Override
			public void onEvent(HealingEvent event) {
				events.add(event);
			}

		};
		HealingProperties properties = defaults().set("restart-stuck", false).build();
		Healer healer = new Healer(false, properties, this.restarter, noJitter(10), this.clock, List.of(listener));
		step(healer, poll(at(0), stuck("sink", 0)));
		step(healer, poll(at(60), stuck("sink", 0)));
		step(healer, poll(at(120), running("sink", 0)));
		step(healer, poll(at(180), stuck("sink", 0)));
		assertThat(events).extracting(HealingEvent::action).containsExactly("stuck", "stuck");
		assertThat(events.get(0).unit()).isEqualTo(TASK_0);
		assertThat(events.get(0).reason()).isEqualTo(STUCK_REASON);
		assertThat(events).extracting(HealingEvent::at).containsExactly(T0, T0.plusSeconds(180));
	}

	private static ConnectorStatus stuck(String connector, int task) {
		return task(connector, task, State.STUCK, MINE, STUCK_REASON);
	}

	private Healer healer(HealingProperties properties) {
		return new Healer(false, properties, this.restarter, noJitter(properties.initialBackoff().toSeconds()),
				this.clock, List.of());
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

	/** Publish a poll to the healer and run one turn of its loop, as the schedules do. */
	private static void step(Healer healer, PollState state) {
		healer.onPoll(state);
		healer.heal();
	}

	private PollState poll(Instant at, ConnectorStatus... connectors) {
		TreeMap<String, ConnectorStatus> byName = new TreeMap<>();
		Arrays.stream(connectors).forEach((c) -> byName.put(c.name(), c));
		this.lastPoll = new PollState(ClusterSnapshot.of(at,
				new ClusterStatus(byName, ReadMethod.EXPANDED, List.copyOf(byName.keySet())), this.selector), null,
				null, at, Duration.ZERO);
		return this.lastPoll;
	}

	/** Ask the healer, as the health evaluation does, about a task of the latest poll. */
	private boolean isBeingHealed(Healer healer, int task) {
		Unit unit = this.lastPoll.snapshot()
			.targeted()
			.stream()
			.filter((u) -> Integer.valueOf(task).equals(u.taskId()))
			.findFirst()
			.orElseThrow();
		return healer.isBeingHealed(this.lastPoll.snapshot(), unit);
	}

	/**
	 * {@code count} sink connectors, each with one task in the given state on my worker.
	 */
	private static ConnectorStatus[] many(int count, State state) {
		ConnectorStatus[] connectors = new ConnectorStatus[count];
		for (int i = 0; i < count; i++) {
			connectors[i] = task(String.format("sink-%03d", i), 0, state, MINE,
					(state == State.FAILED) ? "java.sql.SQLException: connection refused" : null);
		}
		return connectors;
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
		List<TaskStatus> named = Arrays.stream(tasks)
			.map((t) -> new TaskStatus(name, t.id(), t.state(), t.workerId(), t.trace()))
			.toList();
		return new ConnectorStatus(name, "sink", state, MINE, null, named);
	}

	/** A task whose connector {@link #connector} fills in. */
	private static TaskStatus taskStatus(int id, State state, String worker, String trace) {
		return new TaskStatus("", id, state, worker, trace);
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

		final List<RestartRequest> requests = new ArrayList<>();

		final Deque<Mono<RestartOutcome>> answers = new ArrayDeque<>();

		@Override
		public Mono<RestartOutcome> restart(RestartRequest request) {
			this.requests.add(request);
			this.sent.addAll(request.units());
			Mono<RestartOutcome> answer = this.answers.poll();
			return (answer != null) ? answer : Mono.just(RestartOutcome.ACCEPTED);
		}

		void answer(RestartResult result, String error) {
			this.answers.add(Mono.just(new RestartOutcome(result, error, false)));
		}

	}

	/**
	 * Healing properties as a user would get them: the shipped defaults, bound from
	 * nothing, with the settings a test names on top.
	 */
	static final class PropertiesBuilder {

		private final Map<String, String> settings = new HashMap<>();

		PropertiesBuilder set(String property, Object value) {
			this.settings.put("connect-doctor.healing." + property, String.valueOf(value));
			return this;
		}

		PropertiesBuilder dryRun(boolean dryRun) {
			return set("dry-run", dryRun);
		}

		PropertiesBuilder maxRestarts(int maxRestarts) {
			return set("max-restarts", maxRestarts);
		}

		PropertiesBuilder stabilityWindow(Duration window) {
			return set("stability-window", window.toMillis() + "ms");
		}

		PropertiesBuilder quarantinePatterns(List<String> patterns) {
			return set("quarantine-patterns", String.join(",", patterns));
		}

		PropertiesBuilder exclude(List<String> exclude) {
			return set("exclude", String.join(",", exclude));
		}

		HealingProperties build() {
			return new Binder(new MapConfigurationPropertySource(this.settings)).bindOrCreate("connect-doctor.healing",
					HealingProperties.class);
		}

	}

}
