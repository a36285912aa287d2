package io.connectdoctor.healing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.connectdoctor.testing.RunningDoctor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The moment connect-doctor exists for: 300 sinks whose database went away, every one of
 * them FAILED on the targeted worker at once, and each restart taking 2 s to answer (a
 * task stop blocked on a dead database). A Connect stand-in, since a real cluster cannot
 * be made to answer restarts that slowly on demand.
 *
 * @author connect-doctor
 */
class HealingInAStormTests {

	private static final int CONNECTORS = 300;

	private static final String MINE = "worker-0:8083";

	private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

	/** connect-timeout plus response-timeout below: the deadline of one Connect call. */
	private static final Duration DEADLINE = Duration.ofMillis(500).plus(Duration.ofSeconds(3));

	private static final int BUDGET = 10;

	private static final JsonMapper json = JsonMapper.builder().build();

	private final WireMockServer connect = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	@BeforeEach
	void startStandIn() {
		this.connect.start();
		this.connect.stubFor(get("/health").willReturn(okJson("{\"status\":\"healthy\",\"message\":\"ok\"}")));
		this.connect.stubFor(post(urlPathMatching("/connectors/[^/]+/tasks/0/restart"))
			.willReturn(aResponse().withStatus(204).withFixedDelay(2_000)));
		cluster(Set.of());
	}

	@AfterEach
	void stopStandIn() {
		this.connect.stop();
	}

	@Test
	void pollAndProbesHoldWhileTheHealerRestartsOnlyACanaryWithinTheBudget() {
		try (RunningDoctor doctor = RunningDoctor.start(Map.of("connect-doctor.connect.url", this.connect.baseUrl(),
				"connect-doctor.target.worker-ids", MINE, "connect-doctor.connect.poll-interval",
				POLL_INTERVAL.toMillis() + "ms", "connect-doctor.connect.connect-timeout", "500ms",
				"connect-doctor.connect.response-timeout", "3s", "connect-doctor.health.staleness-limit",
				POLL_INTERVAL.plus(DEADLINE).toMillis() + "ms", "connect-doctor.healing.initial-backoff", "1s",
				"connect-doctor.healing.jitter", "0", "connect-doctor.healing.max-restarts", "-1",
				"connect-doctor.healing.max-restarts-per-minute", String.valueOf(BUDGET)))) {
			// From the first read on, every answer must come from a fresh snapshot.
			await().atMost(Duration.ofSeconds(20)).until(() -> probe(doctor, new ArrayList<>()) != -1);
			List<Integer> answers = Collections.synchronizedList(new ArrayList<>());
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> probe(doctor, answers) == 503
						&& healing(doctor).path("outage").path("mode").stringValue().equals("OUTAGE"));
			String canary = healing(doctor).path("outage").path("canary").path("connector").stringValue();
			// The storm goes on for more than one back-off step of the canary.
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> probe(doctor, answers) == 503 && restarts().size() >= 2);
			assertThat(restarts()).extracting(HealingInAStormTests::connectorOf).containsOnly(canary);
			assertThat(healing(doctor).path("units")
				.valueStream()
				.filter((unit) -> unit.path("state").stringValue().equals("HELD"))
				.count()).isEqualTo(CONNECTORS - 1);

			// The canary runs again: the outage ends, and the rest are restarted at the
			// budget's pace, oldest failure first.
			cluster(Set.of(canary));
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> probe(doctor, answers) > 0 && healing(doctor).path("units")
					.valueStream()
					.anyMatch((unit) -> unit.path("state").stringValue().equals("WAITING")));
			assertThat(healing(doctor).path("outage").path("mode").stringValue()).isEqualTo("NORMAL");
			assertThat(healing(doctor).path("units")
				.valueStream()
				.filter((unit) -> unit.path("state").stringValue().equals("WAITING"))
				.findFirst()
				.orElseThrow()
				.path("reason")
				.stringValue()).contains("restart budget of " + BUDGET + " per minute spent");
			assertThat(doctor.get("/actuator/metrics/connect.doctor.healing.deferred").body())
				.doesNotContain("\"value\":0.0");

			// The database is back: everything runs, and the probe says so.
			cluster(allConnectors());
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> probe(doctor, answers) == 200);
			assertThat(healing(doctor).path("outage").path("mode").stringValue()).isEqualTo("NORMAL");

			assertThat(answers).as("probe answers during the storm").isNotEmpty().allSatisfy((status) ->
			// 200 or 503 from a fresh snapshot; a stale one would be a 503 "UNKNOWN", -1
			// below.
			assertThat(status).isIn(200, 503));
			assertPollsKeptTheirInterval();
			assertNoMinuteHeldMoreRestartsThanTheBudget();
		}
	}

	@Test
	void pollAndHealingLoopAreSpringScheduledTasks() {
		try (RunningDoctor doctor = RunningDoctor.start(Map.of("connect-doctor.connect.url", this.connect.baseUrl(),
				"connect-doctor.target.worker-ids", MINE))) {
			JsonNode fixedDelay = json.readTree(doctor.get("/actuator/scheduledtasks").body()).path("fixedDelay");
			assertThat(fixedDelay.valueStream().map((task) -> task.path("runnable").path("target").stringValue()))
				.containsExactlyInAnyOrder("io.connectdoctor.connect.ConnectPoller.poll",
						"io.connectdoctor.healing.Healer.heal");
			// The shipped defaults: a poll every 10 s, a healing turn every second.
			assertThat(fixedDelay.valueStream().map((task) -> task.path("interval").longValue()))
				.containsExactlyInAnyOrder(10_000L, 1_000L);
		}
	}

	/**
	 * Answers 200 or 503 for a DOWN or UP verdict, -1 for an UNKNOWN one (stale, unread).
	 */
	private static int probe(RunningDoctor doctor, List<Integer> answers) {
		var answer = doctor.get("/healthcheck");
		int status = json.readTree(answer.body()).path("status").stringValue().equals("UNKNOWN") ? -1
				: answer.statusCode();
		answers.add(status);
		return status;
	}

	private void assertPollsKeptTheirInterval() {
		List<Instant> polls = this.connect.getAllServeEvents()
			.stream()
			.filter((event) -> event.getRequest().getUrl().startsWith("/connectors?"))
			.map((event) -> event.getRequest().getLoggedDate().toInstant())
			.sorted()
			.toList();
		assertThat(polls).hasSizeGreaterThan(10);
		for (int i = 1; i < polls.size(); i++) {
			assertThat(Duration.between(polls.get(i - 1), polls.get(i))).as("gap before poll %d", i)
				.isLessThanOrEqualTo(POLL_INTERVAL.plus(DEADLINE));
		}
	}

	private void assertNoMinuteHeldMoreRestartsThanTheBudget() {
		List<Instant> sent = restarts().stream()
			.map((event) -> event.getRequest().getLoggedDate().toInstant())
			.sorted()
			.toList();
		assertThat(sent).isNotEmpty();
		for (Instant start : sent) {
			assertThat(sent.stream().filter((t) -> !t.isBefore(start) && t.isBefore(start.plusSeconds(60))).count())
				.isLessThanOrEqualTo(BUDGET);
		}
	}

	private List<ServeEvent> restarts() {
		return this.connect.getAllServeEvents()
			.stream()
			.filter((event) -> event.getRequest().getMethod().value().equals("POST"))
			.toList();
	}

	private static String connectorOf(ServeEvent restart) {
		return restart.getRequest().getUrl().split("/")[2];
	}

	private static JsonNode healing(RunningDoctor doctor) {
		return json.readTree(doctor.get("/actuator/healing").body());
	}

	private static Set<String> allConnectors() {
		Set<String> all = new java.util.HashSet<>();
		for (int i = 0; i < CONNECTORS; i++) {
			all.add(name(i));
		}
		return all;
	}

	private static String name(int i) {
		return String.format("storm-%03d", i);
	}

	/**
	 * Serve the cluster with the named connectors' tasks RUNNING and the others FAILED.
	 */
	private void cluster(Set<String> running) {
		Map<String, Object> connectors = new TreeMap<>();
		for (int i = 0; i < CONNECTORS; i++) {
			String name = name(i);
			boolean ok = running.contains(name);
			Map<String, Object> task = new TreeMap<>(
					Map.of("id", 0, "state", ok ? "RUNNING" : "FAILED", "worker_id", MINE));
			if (!ok) {
				task.put("trace", "org.apache.kafka.connect.errors.ConnectException: java.sql.SQLException: "
						+ "Connection to db:5432 refused");
			}
			connectors.put(name, Map.of("status", Map.of("name", name, "type", "sink", "connector",
					Map.of("state", "RUNNING", "worker_id", "worker-1:8083"), "tasks", List.of(task))));
		}
		this.connect.stubFor(
				get(urlEqualTo("/connectors?expand=status")).willReturn(okJson(json.writeValueAsString(connectors))));
	}

}
