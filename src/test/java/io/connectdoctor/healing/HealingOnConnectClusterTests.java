package io.connectdoctor.healing;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.connectdoctor.testing.DemoCluster;
import io.connectdoctor.testing.RunningDoctor;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The healer on a real two-worker Kafka Connect cluster: FileStreamSinks writing into a
 * directory that does not exist fail, and recover when it appears. Nothing in these tests
 * restarts a task but the doctors.
 *
 * @author connect-doctor
 */
class HealingOnConnectClusterTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static DemoCluster cluster;

	@BeforeAll
	static void startCluster() {
		cluster = DemoCluster.shared();
	}

	@Test
	void failedSinkIsRestartedWithBackOffAndRunsAgainOnceItsDirectoryExists() throws Exception {
		String name = DemoCluster.uniqueName("heal-recovers");
		Path missing = cluster.createFailingSink(name);
		String owner = cluster.awaitTaskState(name, 0, "FAILED").workerId();
		try (RunningDoctor doctor = doctor(owner, name, Map.of("connect-doctor.healing.max-restarts", "-1"))) {
			JsonNode unit = awaitUnit(doctor, (u) -> u.path("attempts").intValue() >= 2);
			assertThat(unit.path("state").stringValue()).isEqualTo("BACKING_OFF");
			// Escalation ladder: a failure the healer is still working on does not fail
			// the probe.
			assertThat(doctor.get("/healthcheck/" + name).statusCode()).isEqualTo(200);

			Files.createDirectories(missing);
			cluster.awaitTaskState(name, 0, "RUNNING");
			awaitUnit(doctor, (u) -> u.path("state").stringValue().equals("RECOVERING"));
			assertThat(doctor.get("/healthcheck/" + name).statusCode()).isEqualTo(200);
			assertThat(actions(doctor).get(0).path("outcome").stringValue()).isEqualTo("RUNNING_AGAIN");
		}
	}

	@Test
	void restartLimitOfTwoRestartsExactlyTwiceThenGivesUpAndFailsTheProbe() throws Exception {
		String name = DemoCluster.uniqueName("heal-gives-up");
		cluster.createFailingSink(name);
		String owner = cluster.awaitTaskState(name, 0, "FAILED").workerId();
		try (RunningDoctor doctor = doctor(owner, name, Map.of("connect-doctor.healing.max-restarts", "2"))) {
			JsonNode unit = awaitUnit(doctor, (u) -> u.path("state").stringValue().equals("GIVEN_UP"));
			assertThat(unit.path("attempts").intValue()).isEqualTo(2);
			// From the next poll on: the answer for a snapshot is published before the
			// healer acts on it.
			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> doctor.get("/healthcheck/" + name).statusCode() == 503);
			// Given up means given up: over several more back-off periods nothing else is
			// sent.
			await().during(Duration.ofMillis(1500))
				.atMost(Duration.ofSeconds(3))
				.until(() -> accepted(actions(doctor)), (count) -> count == 2);
			assertThat(cluster.task(name, 0).state()).isEqualTo("FAILED");
		}
	}

	@Test
	void operatorReleasesAGivenUpUnitOverHttpAndItIsRestartedAgain() throws Exception {
		String name = DemoCluster.uniqueName("heal-release");
		cluster.createFailingSink(name);
		String owner = cluster.awaitTaskState(name, 0, "FAILED").workerId();
		try (RunningDoctor doctor = doctor(owner, name,
				Map.of("connect-doctor.healing.max-restarts", "1", "connect-doctor.healing.release-enabled", "true"))) {
			awaitUnit(doctor, (u) -> u.path("state").stringValue().equals("GIVEN_UP"));
			HttpResponse<String> released = doctor.post("/actuator/healing",
					"{\"connector\":\"" + name + "\",\"task\":0}");
			assertThat(released.statusCode()).isEqualTo(200);
			assertThat(json.readTree(released.body()).path("attempts").intValue()).isZero();
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> accepted(actions(doctor)), (count) -> count == 2);
			awaitUnit(doctor, (u) -> u.path("state").stringValue().equals("GIVEN_UP"));
		}
	}

	@Test
	void releaseIsRefusedUnlessSwitchedOn() throws Exception {
		String name = DemoCluster.uniqueName("heal-no-release");
		cluster.createFailingSink(name);
		String owner = cluster.awaitTaskState(name, 0, "FAILED").workerId();
		try (RunningDoctor doctor = doctor(owner, name, Map.of("connect-doctor.healing.max-restarts", "1"))) {
			awaitUnit(doctor, (u) -> u.path("state").stringValue().equals("GIVEN_UP"));
			HttpResponse<String> refused = doctor.post("/actuator/healing",
					"{\"connector\":\"" + name + "\",\"task\":0}");
			assertThat(refused.statusCode()).isEqualTo(403);
			assertThat(refused.body()).contains("release-enabled");
		}
	}

	@Test
	void twoSidecarsEachRestartOnlyTheTasksOfTheirOwnWorker() throws Exception {
		String name = DemoCluster.uniqueName("heal-two-sidecars");
		cluster.createFailingSink(name, 4);
		Map<String, Set<Integer>> tasksByWorker = new HashMap<>();
		for (int task = 0; task < 4; task++) {
			tasksByWorker.computeIfAbsent(cluster.task(name, task).workerId(), (w) -> new TreeSet<>()).add(task);
		}
		List<String> workers = cluster.workers().stream().map(DemoCluster::workerId).toList();
		Map<String, String> once = Map.of("connect-doctor.healing.max-restarts", "1");
		try (RunningDoctor first = doctor(workers.get(0), name, once);
				RunningDoctor second = doctor(workers.get(1), name, once)) {
			for (int i = 0; i < 2; i++) {
				RunningDoctor doctor = List.of(first, second).get(i);
				int own = tasksByWorker.getOrDefault(workers.get(i), Set.of()).size();
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(100))
					.until(() -> units(doctor), (units) -> units.size() == own
							&& units.stream().allMatch((u) -> u.path("state").stringValue().equals("GIVEN_UP")));
			}
			assertThat(restartedTasks(first)).isEqualTo(tasksByWorker.getOrDefault(workers.get(0), Set.of()));
			assertThat(restartedTasks(second)).isEqualTo(tasksByWorker.getOrDefault(workers.get(1), Set.of()));
			assertThat(accepted(actions(first)) + accepted(actions(second))).isEqualTo(4);
		}
	}

	@Test
	void clusterModeRestartsTwoFailedTasksOfOneConnectorWithOneKip745Call() throws Exception {
		String name = DemoCluster.uniqueName("heal-kip-745");
		cluster.createFailingSink(name, 2);
		cluster.awaitTaskState(name, 0, "FAILED");
		cluster.awaitTaskState(name, 1, "FAILED");
		// A recording proxy in front of a real worker: it shows every call the doctor
		// sends.
		WireMockServer proxy = new WireMockServer(WireMockConfiguration.options().dynamicPort());
		proxy.start();
		try {
			proxy.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(DemoCluster.url(cluster.workers().get(0)))));
			Map<String, String> properties = new HashMap<>();
			properties.put("connect-doctor.connect.url", proxy.baseUrl());
			properties.put("connect-doctor.target.mode", "cluster");
			properties.put("connect-doctor.connect.poll-interval", "200ms");
			properties.put("connect-doctor.health.include", name);
			properties.put("connect-doctor.healing.include", name);
			properties.put("connect-doctor.healing.max-restarts", "1");
			properties.put("connect-doctor.healing.initial-backoff", "300ms");
			properties.put("connect-doctor.healing.jitter", "0");
			try (RunningDoctor doctor = RunningDoctor.start(properties)) {
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(100))
					.until(() -> units(doctor), (units) -> units.size() == 2
							&& units.stream().allMatch((u) -> u.path("state").stringValue().equals("GIVEN_UP")));
				List<String> restarts = proxy.getAllServeEvents()
					.stream()
					.filter((event) -> event.getRequest().getMethod().value().equals("POST"))
					.map((event) -> event.getRequest().getUrl())
					.toList();
				assertThat(restarts)
					.containsExactly("/connectors/" + name + "/restart?includeTasks=true&onlyFailed=true");
				assertThat(actions(doctor)).hasSize(2).allSatisfy((action) -> {
					assertThat(action.path("call").stringValue()).isEqualTo("FAILED_UNITS");
					assertThat(action.path("result").stringValue()).isEqualTo("ACCEPTED");
					assertThat(action.path("outcome").stringValue()).isEqualTo("FAILED_AGAIN");
				});
			}
		}
		finally {
			proxy.stop();
		}
	}

	private static RunningDoctor doctor(String workerId, String connector, Map<String, String> extra) {
		WorkerHandle worker = cluster.worker(workerId);
		Map<String, String> properties = new HashMap<>(extra);
		properties.put("connect-doctor.connect.url", DemoCluster.url(worker));
		properties.put("connect-doctor.target.worker-ids", workerId);
		properties.put("connect-doctor.connect.poll-interval", "200ms");
		properties.put("connect-doctor.health.include", connector);
		properties.put("connect-doctor.healing.include", connector);
		properties.put("connect-doctor.healing.initial-backoff", "300ms");
		properties.put("connect-doctor.healing.max-backoff", "1s");
		properties.put("connect-doctor.healing.jitter", "0");
		return RunningDoctor.start(properties);
	}

	private static JsonNode awaitUnit(RunningDoctor doctor, java.util.function.Predicate<JsonNode> condition) {
		return await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> units(doctor).stream().findFirst().orElse(null), (u) -> u != null && condition.test(u));
	}

	private static List<JsonNode> units(RunningDoctor doctor) {
		return healing(doctor).path("units").valueStream().toList();
	}

	private static List<JsonNode> actions(RunningDoctor doctor) {
		return healing(doctor).path("actions").valueStream().toList();
	}

	private static JsonNode healing(RunningDoctor doctor) {
		return json.readTree(doctor.get("/actuator/healing").body());
	}

	private static long accepted(List<JsonNode> actions) {
		return actions.stream().filter((a) -> a.path("result").stringValue().equals("ACCEPTED")).count();
	}

	private static Set<Integer> restartedTasks(RunningDoctor doctor) {
		return actions(doctor).stream()
			.filter((a) -> a.path("result").stringValue().equals("ACCEPTED"))
			.map((a) -> a.path("unit").path("taskId").intValue())
			.collect(Collectors.toCollection(TreeSet::new));
	}

}
