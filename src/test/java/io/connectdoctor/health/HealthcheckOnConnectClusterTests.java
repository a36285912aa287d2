package io.connectdoctor.health;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.connectdoctor.testing.DemoCluster;
import io.connectdoctor.testing.RunningDoctor;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /healthcheck} against a real two-worker Kafka Connect cluster, with real
 * doctors: a failed task counts only on the worker it runs on. The healer is off here, as
 * in Doctor Kafka Connect; {@code HealingOnConnectClusterTests} covers it.
 *
 * @author connect-doctor
 */
class HealthcheckOnConnectClusterTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static DemoCluster cluster;

	@BeforeAll
	static void startCluster() {
		cluster = DemoCluster.shared();
	}

	@Test
	void healthcheckIs503WithTraceWhenTaskFailedOnTargetedWorker() {
		String name = DemoCluster.uniqueName("failing-targeted");
		DemoCluster.Task task = failingTask(name);
		try (RunningDoctor doctor = doctor(cluster.workers().get(0),
				Map.of("connect-doctor.target.worker-ids", task.workerId(), "connect-doctor.health.include", name))) {
			HttpResponse<String> response = awaitStatus(doctor, "/healthcheck", 503);
			JsonNode failure = onlyFailure(response);
			assertThat(failure.path("connector").stringValue()).isEqualTo(name);
			assertThat(failure.path("taskId").intValue()).isZero();
			assertThat(failure.path("workerId").stringValue()).isEqualTo(task.workerId());
			assertThat(failure.path("trace").stringValue()).contains("Couldn't find or create file");
			assertThat(doctor.get("/healthcheck/" + name).statusCode()).isEqualTo(503);
		}
	}

	@Test
	void healthcheckIs200WhenSameFailureIsOnAnotherWorker() {
		String name = DemoCluster.uniqueName("failing-elsewhere");
		DemoCluster.Task task = failingTask(name);
		String otherWorker = cluster.workers()
			.stream()
			.map(DemoCluster::workerId)
			.filter((id) -> !id.equals(task.workerId()))
			.findFirst()
			.orElseThrow();
		try (RunningDoctor doctor = doctor(cluster.workers().get(0),
				Map.of("connect-doctor.target.worker-ids", otherWorker, "connect-doctor.health.include", name))) {
			HttpResponse<String> response = awaitStatus(doctor, "/healthcheck/" + name, 200);
			assertThat(read(response).path("failures").isEmpty()).isTrue();
			assertThat(doctor.get("/healthcheck").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void healthcheckFindsItsOwnWorkerFromTheConnectUrlWithoutTargetIds() {
		String name = DemoCluster.uniqueName("failing-auto");
		DemoCluster.Task task = failingTask(name);
		WorkerHandle owner = worker(task.workerId());
		WorkerHandle other = cluster.workers().stream().filter((w) -> w != owner).findFirst().orElseThrow();
		try (RunningDoctor besideOwner = doctor(owner, Map.of("connect-doctor.health.include", name));
				RunningDoctor besideOther = doctor(other, Map.of("connect-doctor.health.include", name))) {
			assertThat(onlyFailure(awaitStatus(besideOwner, "/healthcheck", 503)).path("workerId").stringValue())
				.isEqualTo(task.workerId());
			awaitStatus(besideOther, "/healthcheck", 200);
		}
	}

	@Test
	void connectorNamedWithASpaceIsAnsweredByItsEncodedName() {
		String name = "my sink";
		DemoCluster.Task task = failingTask(name);
		try (RunningDoctor doctor = doctor(worker(task.workerId()), Map.of())) {
			HttpResponse<String> response = awaitStatus(doctor, "/healthcheck/my%20sink", 503);
			assertThat(onlyFailure(response).path("connector").stringValue()).isEqualTo(name);
			assertThat(doctor.get("/actuator/health/connectors/my%20sink").statusCode()).isEqualTo(503);
		}
	}

	@Test
	void healthcheckAnswersHeadTrailingSlashAndUnknownConnectorAsJson() {
		String name = DemoCluster.uniqueName("healthy");
		cluster.createHealthySink(name);
		try (RunningDoctor doctor = doctor(cluster.workers().get(0),
				Map.of("connect-doctor.target.mode", "cluster", "connect-doctor.health.include", name))) {
			awaitStatus(doctor, "/healthcheck/" + name, 200);
			assertThat(doctor.get("/healthcheck/" + name + "/").statusCode()).isEqualTo(200);
			assertThat(doctor.get("/healthcheck/").statusCode()).isEqualTo(200);
			HttpResponse<String> head = doctor.request("HEAD", "/healthcheck/" + name);
			assertThat(head.statusCode()).isEqualTo(200);
			assertThat(head.body()).isEmpty();
			HttpResponse<String> unknown = doctor.get("/healthcheck/no-such-connector");
			assertThat(unknown.statusCode()).isEqualTo(404);
			assertThat(unknown.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
			assertThat(read(unknown).path("error").stringValue()).contains("no-such-connector");
			HttpResponse<String> post = doctor.request("POST", "/healthcheck");
			assertThat(post.statusCode()).isEqualTo(405);
			assertThat(read(post).path("error").stringValue()).isEqualTo("only GET and HEAD");
		}
	}

	@Test
	void actuatorShowsEachConnectorTheWorkerAndProbeGroups() {
		String name = DemoCluster.uniqueName("failing-actuator");
		failingTask(name);
		try (RunningDoctor doctor = doctor(cluster.workers().get(0), Map.of("connect-doctor.target.mode", "cluster"))) {
			awaitStatus(doctor, "/actuator/health/connectors/" + name, 503);
			JsonNode worker = read(doctor.get("/actuator/health/worker"));
			assertThat(worker.path("status").stringValue()).isEqualTo("UP");
			assertThat(worker.path("components").path("connectWorker").path("details").path("source").stringValue())
				.isEqualTo("kip-1017");
			assertThat(doctor.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
			assertThat(doctor.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
			assertThat(doctor.get("/actuator/health/tasks").statusCode()).isEqualTo(503);
		}
	}

	private static DemoCluster.Task failingTask(String name) {
		cluster.createFailingSink(name);
		return cluster.awaitTaskState(name, 0, "FAILED");
	}

	private static WorkerHandle worker(String workerId) {
		return cluster.workers()
			.stream()
			.filter((w) -> DemoCluster.workerId(w).equals(workerId))
			.findFirst()
			.orElseThrow();
	}

	static RunningDoctor doctor(WorkerHandle worker, Map<String, String> properties) {
		Map<String, String> all = new java.util.HashMap<>(properties);
		all.put("connect-doctor.connect.url", DemoCluster.url(worker));
		all.put("connect-doctor.connect.poll-interval", "200ms");
		// Doctor Kafka Connect's contract: failures count at once, nothing is restarted.
		all.putIfAbsent("connect-doctor.healing.enabled", "false");
		return RunningDoctor.start(all);
	}

	static HttpResponse<String> awaitStatus(RunningDoctor doctor, String path, int status) {
		return await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> doctor.get(path), (response) -> response.statusCode() == status);
	}

	private static JsonNode onlyFailure(HttpResponse<String> response) {
		List<JsonNode> failures = read(response).path("failures").valueStream().toList();
		assertThat(failures).hasSize(1);
		return failures.get(0);
	}

	static JsonNode read(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

}
