package io.connectdoctor.stuck;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.connectdoctor.connect.UnitId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window rule: STUCK only when every sample of the last {@code after} shows the same
 * position and (for a sink) lag; never on one sample; a restart starts the window again.
 *
 * @author connect-doctor
 */
class StuckJudgeTests {

	private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

	private static final UnitId TASK = new UnitId("orders-sink", 0);

	private static final String GROUP = "consumer group connect-orders-sink";

	private final StuckJudge judge = new StuckJudge(Duration.ofMinutes(10));

	@Test
	void sinkWhoseOffsetsStandStillWithLagForTheWholeWindowIsStuckWithItsLagAndSince() {
		for (int minute = 0; minute < 10; minute++) {
			assertThat(judge(100, 42, minute)).isEmpty();
		}
		Map<UnitId, StuckTask> stuck = judge(100, 42, 10);
		assertThat(stuck).containsOnlyKeys(TASK);
		assertThat(stuck.get(TASK).since()).isEqualTo(T0);
		assertThat(stuck.get(TASK).lag()).isEqualTo(42);
		assertThat(stuck.get(TASK).reason()).isEqualTo(
				"RUNNING, but the committed offsets of " + GROUP + " have not moved for PT10M while 42 records wait");
	}

	@Test
	void oneSampleIsNeverEnoughHoweverOldTheWindow() {
		StuckJudge judge = new StuckJudge(Duration.ofSeconds(1));
		assertThat(judge.judge(List.of(new TaskReading(TASK, 100, 42, GROUP)), T0)).isEmpty();
		assertThat(judge.judge(List.of(new TaskReading(TASK, 100, 42, GROUP)), T0.plusSeconds(1))).containsKey(TASK);
	}

	@Test
	void sinkWithoutLagIsNeverStuckHoweverLongItIsIdle() {
		for (int minute = 0; minute <= 60; minute++) {
			assertThat(judge(100, 0, minute)).isEmpty();
		}
	}

	@Test
	void lagThatClearedOnceInTheWindowStartsTheLagWindowAgain() {
		judge(100, 5, 0);
		judge(100, 0, 5);
		for (int minute = 6; minute < 16; minute++) {
			assertThat(judge(100, 5, minute)).isEmpty();
		}
		assertThat(judge(100, 5, 16)).containsKey(TASK);
	}

	@Test
	void anyMoveStartsTheWindowAgain() {
		judge(100, 42, 0);
		judge(100, 42, 9);
		judge(101, 41, 10);
		assertThat(judge(101, 41, 19)).isEmpty();
		assertThat(judge(101, 41, 20)).containsKey(TASK);
	}

	@Test
	void restartedTaskHasAWholeWindowToShowItMoves() {
		judge(100, 42, 0);
		assertThat(judge(100, 42, 10)).containsKey(TASK);
		this.judge.restarted(TASK, T0.plus(Duration.ofMinutes(10)));
		for (int minute = 11; minute < 20; minute++) {
			assertThat(judge(100, 42, minute)).isEmpty();
		}
		assertThat(judge(100, 42, 20)).containsKey(TASK);
	}

	@Test
	void sourceWhoseOffsetsStandStillIsStuckWithoutLag() {
		StuckJudge judge = new StuckJudge(Duration.ofMinutes(10));
		judge.judge(List.of(new TaskReading(TASK, 7, TaskReading.NO_LAG, "source offsets")), T0);
		Map<UnitId, StuckTask> stuck = judge
			.judge(List.of(new TaskReading(TASK, 7, TaskReading.NO_LAG, "source offsets")), T0.plusSeconds(600));
		assertThat(stuck.get(TASK).reason())
			.isEqualTo("RUNNING, but its connector's source offsets have not changed for PT10M");
		assertThat(stuck.get(TASK).lag()).isEqualTo(-1);
	}

	@Test
	void taskNotReadIsForgottenAndStartsAFreshWindowWhenReadAgain() {
		judge(100, 42, 0);
		assertThat(this.judge.judge(List.of(), T0.plusSeconds(300))).isEmpty();
		assertThat(this.judge.watched()).isZero();
		assertThat(judge(100, 42, 10)).isEmpty();
		assertThat(judge(100, 42, 20)).containsKey(TASK);
	}

	private Map<UnitId, StuckTask> judge(long position, long lag, int minute) {
		return this.judge.judge(List.of(new TaskReading(TASK, position, lag, GROUP)),
				T0.plus(Duration.ofMinutes(minute)));
	}

}
