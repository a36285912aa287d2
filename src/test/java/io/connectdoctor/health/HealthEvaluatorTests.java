package io.connectdoctor.health;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import io.connectdoctor.connect.ClusterSnapshot;
import io.connectdoctor.connect.ClusterStatus;
import io.connectdoctor.connect.ConnectorStatus;
import io.connectdoctor.connect.PollState;
import io.connectdoctor.connect.ReadMethod;
import io.connectdoctor.connect.State;
import io.connectdoctor.connect.TaskStatus;
import io.connectdoctor.settings.InvalidSettingException;
import io.connectdoctor.target.WorkerTarget;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The failure rule: which units count, when, and what {@code /healthcheck} answers. Every
 * poll carries its own time, so grace periods and staleness are exact.
 *
 * @author connect-doctor
 */
class HealthEvaluatorTests {

	private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

	private static final String MINE = "connect-0:8083";

	private static final String OTHER = "connect-1:8083";

	private static final WorkerTarget TARGET = WorkerTarget.of(List.of(MINE));

	@Test
	void failedTaskOnTargetedWorkerCountsAndOneOnAnotherWorkerDoesNot() {
		HealthEvaluator evaluator = evaluator(properties());
		evaluator.onPoll(poll(T0, connector("a", task(0, State.FAILED, MINE, "boom")),
				connector("b", task(0, State.FAILED, OTHER, "elsewhere"))));
		assertThat(evaluator.report().failures()).containsExactly(new Failure("a", 0, MINE, State.FAILED, "boom"));
		assertThat(evaluator.report().workerAnswer(T0).status()).isEqualTo(503);
		assertThat(evaluator.report().connectorAnswer("a", T0).status()).isEqualTo(503);
		assertThat(evaluator.report().connectorAnswer("b", T0).status()).isEqualTo(200);
	}

	@Test
	void gracePeriodCountsAFailureOnlyOnceItHasLasted() {
		HealthEvaluator evaluator = evaluator(properties(Set.of(State.FAILED), false, Duration.ofSeconds(60)));
		ConnectorStatus failing = connector("a", task(0, State.FAILED, MINE, "boom"));
		evaluator.onPoll(poll(T0, failing));
		assertThat(evaluator.report().failures()).isEmpty();
		evaluator.onPoll(poll(T0.plusSeconds(59), failing));
		assertThat(evaluator.report().failures()).isEmpty();
		evaluator.onPoll(poll(T0.plusSeconds(60), failing));
		assertThat(evaluator.report().failures()).hasSize(1);
	}

	@Test
	void failureThatClearsStartsItsGracePeriodAnew() {
		HealthEvaluator evaluator = evaluator(properties(Set.of(State.FAILED), false, Duration.ofSeconds(60)));
		evaluator.onPoll(poll(T0, connector("a", task(0, State.FAILED, MINE, "boom"))));
		evaluator.onPoll(poll(T0.plusSeconds(30), connector("a", task(0, State.RUNNING, MINE, null))));
		evaluator.onPoll(poll(T0.plusSeconds(70), connector("a", task(0, State.FAILED, MINE, "boom"))));
		assertThat(evaluator.report().failures()).isEmpty();
		evaluator.onPoll(poll(T0.plusSeconds(130), connector("a", task(0, State.FAILED, MINE, "boom"))));
		assertThat(evaluator.report().failures()).hasSize(1);
	}

	@Test
	void unassignedCountsOnlyWhenConfigured() {
		ConnectorStatus unassigned = connector("a", task(0, State.UNASSIGNED, MINE, null));
		HealthEvaluator byDefault = evaluator(properties());
		byDefault.onPoll(poll(T0, unassigned));
		assertThat(byDefault.report().failures()).isEmpty();
		HealthEvaluator configured = evaluator(
				properties(Set.of(State.FAILED, State.UNASSIGNED), false, Duration.ZERO));
		configured.onPoll(poll(T0, unassigned));
		assertThat(configured.report().failures()).extracting(Failure::state).containsExactly(State.UNASSIGNED);
	}

	@Test
	void failedConnectorInstanceCountsOnlyWhenEnabled() {
		ConnectorStatus failedInstance = new ConnectorStatus("a", "sink", State.FAILED, MINE, "no class", List.of());
		HealthEvaluator byDefault = evaluator(properties());
		byDefault.onPoll(poll(T0, failedInstance));
		assertThat(byDefault.report().failures()).isEmpty();
		HealthEvaluator enabled = evaluator(properties(Set.of(State.FAILED), true, Duration.ZERO));
		enabled.onPoll(poll(T0, failedInstance));
		assertThat(enabled.report().failures()).containsExactly(new Failure("a", null, MINE, State.FAILED, "no class"));
		assertThat(new String(enabled.report().workerAnswer(T0).body(), StandardCharsets.UTF_8))
			.contains("\"taskId\":null");
	}

	@Test
	void includeAndExcludePatternsMatchWholeNames() {
		HealthProperties properties = new HealthProperties(Set.of(State.FAILED), false, Duration.ZERO,
				List.of("orders-.*"), List.of("orders-legacy"), null, 2000, true);
		HealthEvaluator evaluator = evaluator(properties);
		evaluator.onPoll(poll(T0, connector("orders-sink", task(0, State.FAILED, MINE, "x")),
				connector("orders-legacy", task(0, State.FAILED, MINE, "x")),
				connector("my-orders-sink", task(0, State.FAILED, MINE, "x"))));
		assertThat(evaluator.report().failures()).extracting(Failure::connector).containsExactly("orders-sink");
		HealthReport.Answer excluded = evaluator.report().connectorAnswer("orders-legacy", T0);
		assertThat(excluded.status()).isEqualTo(404);
		assertThat(new String(excluded.body(), StandardCharsets.UTF_8)).contains("not watched");
	}

	@Test
	void badPatternIsRejectedNamingTheProperty() {
		HealthProperties properties = new HealthProperties(Set.of(State.FAILED), false, Duration.ZERO, List.of(),
				List.of("orders-("), null, 2000, true);
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> evaluator(properties))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("connect-doctor.health.exclude"));
	}

	@Test
	void snapshotOlderThanStalenessLimitAnswers503WithReason() {
		HealthEvaluator evaluator = evaluator(properties());
		evaluator.onPoll(poll(T0, connector("a", task(0, State.RUNNING, MINE, null))));
		assertThat(evaluator.report().workerAnswer(T0.plusSeconds(30)).status()).isEqualTo(200);
		HealthReport.Answer stale = evaluator.report().workerAnswer(T0.plusSeconds(31));
		assertThat(stale.status()).isEqualTo(503);
		assertThat(new String(stale.body(), StandardCharsets.UTF_8)).contains("\"status\":\"UNKNOWN\"")
			.contains("was 31.0 s ago, older than the staleness limit of 30.0 s");
		assertThat(evaluator.report().connectorAnswer("a", T0.plusSeconds(31)).status()).isEqualTo(503);
	}

	@Test
	void beforeTheFirstPollEveryAnswerIs503() {
		HealthEvaluator evaluator = evaluator(properties());
		assertThat(evaluator.report().workerAnswer(T0).status()).isEqualTo(503);
		assertThat(evaluator.report().connectorAnswer("a", T0).status()).isEqualTo(503);
	}

	@Test
	void tracesCanBeLeftOutOfAnswers() {
		HealthProperties properties = new HealthProperties(Set.of(State.FAILED), false, Duration.ZERO, List.of(),
				List.of(), null, 2000, false);
		HealthEvaluator evaluator = evaluator(properties);
		evaluator.onPoll(poll(T0, connector("a", task(0, State.FAILED, MINE, "java.sql.SQLException: db-7:5432"))));
		assertThat(evaluator.report().failures()).singleElement().satisfies((failure) -> {
			assertThat(failure.trace()).isNull();
			assertThat(failure.state()).isEqualTo(State.FAILED);
		});
		assertThat(new String(evaluator.report().workerAnswer(T0).body(), StandardCharsets.UTF_8))
			.doesNotContain("db-7");
	}

	@Test
	void traceIsCutToTheConfiguredLength() {
		HealthProperties properties = new HealthProperties(Set.of(State.FAILED), false, Duration.ZERO, List.of(),
				List.of(), null, 10, true);
		HealthEvaluator evaluator = evaluator(properties);
		evaluator.onPoll(poll(T0, connector("a", task(0, State.FAILED, MINE, "0123456789abcdef"))));
		assertThat(evaluator.report().failures().get(0).trace()).isEqualTo("0123456789...");
	}

	@Test
	void answerIsRenderedOncePerPoll() {
		HealthEvaluator evaluator = evaluator(properties());
		evaluator.onPoll(poll(T0, connector("a", task(0, State.FAILED, MINE, "boom"))));
		HealthReport report = evaluator.report();
		assertThat(report.workerAnswer(T0)).isSameAs(report.workerAnswer(T0.plusSeconds(1)));
		assertThat(report.connectorAnswer("a", T0)).isSameAs(report.connectorAnswer("a", T0.plusSeconds(1)));
	}

	private static HealthEvaluator evaluator(HealthProperties properties) {
		return new HealthEvaluator(TARGET, properties, Duration.ofSeconds(30), HealingStatus.NONE);
	}

	private static HealthProperties properties() {
		return properties(Set.of(State.FAILED), false, Duration.ZERO);
	}

	private static HealthProperties properties(Set<State> states, boolean connectors, Duration grace) {
		return new HealthProperties(states, connectors, grace, List.of(), List.of(), null, 2000, true);
	}

	static PollState poll(Instant at, ConnectorStatus... connectors) {
		TreeMap<String, ConnectorStatus> byName = new TreeMap<>();
		Arrays.stream(connectors).forEach((c) -> byName.put(c.name(), c));
		return new PollState(ClusterSnapshot.of(at,
				new ClusterStatus(byName, ReadMethod.EXPANDED, List.copyOf(byName.keySet())), TARGET), null, null, at,
				Duration.ZERO);
	}

	static ConnectorStatus connector(String name, TaskStatus... tasks) {
		List<TaskStatus> named = Arrays.stream(tasks)
			.map((t) -> new TaskStatus(name, t.id(), t.state(), t.workerId(), t.trace()))
			.toList();
		return new ConnectorStatus(name, "sink", State.RUNNING, MINE, null, named);
	}

	static TaskStatus task(int id, State state, String worker, String trace) {
		return new TaskStatus("", id, state, worker, trace);
	}

}
