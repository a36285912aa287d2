package io.connectdoctor.health;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.connectdoctor.testing.RunningDoctor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * devshawn/kafka-connect-healthcheck's answers at {@code GET /}, {@code GET /ping} and
 * {@code HEAD /}, written from its documented behaviour: its failures, failure rate over
 * every connector and task of the cluster, threshold, considered containers, worker id
 * and broker check. All from the snapshot: no Connect call per probe.
 *
 * @author connect-doctor
 */
class DevshawnCompatibilityTests {

	private static final String MINE = "kafka-connect:8083";

	private static final String OTHER = "other:8083";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final WireMockServer connect = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	private RunningDoctor doctor;

	@BeforeEach
	void start() {
		this.connect.start();
		this.connect.stubFor(get("/health").willReturn(aResponse().withStatus(404)));
		this.connect.stubFor(get(urlPathMatching("/connectors/[^/]+")).willReturn(okJson("{}")));
	}

	@AfterEach
	void stop() {
		if (this.doctor != null) {
			this.doctor.close();
		}
		this.connect.stop();
	}

	@Test
	void healthyClusterIs200WithDevshawnsFields() {
		JsonNode body = answer(200, Map.of(), connector("source", "RUNNING", MINE, task(0, "RUNNING", MINE)));
		assertThat(body.toString()).isEqualTo(
				"{\"failures\":[],\"failure_states\":[\"FAILED\"],\"failure_rate\":0.0,\"failure_threshold\":0.0,\"healthy\":true}");
	}

	@Test
	void failedConnectorAndTaskAreListedAsDevshawnWritesThem() {
		JsonNode body = answer(503, Map.of(), connector("source", "FAILED", MINE, task(0, "FAILED", MINE)));
		assertThat(body.path("failures").toString()).isEqualTo("[{\"type\":\"connector\",\"connector\":\"source\","
				+ "\"state\":\"FAILED\",\"worker_id\":\"kafka-connect:8083\"},{\"type\":\"task\",\"connector\":\"source\","
				+ "\"id\":0,\"state\":\"FAILED\",\"worker_id\":\"kafka-connect:8083\",\"trace\":null}]");
		assertThat(body.path("failure_rate").doubleValue()).isEqualTo(1.0);
		assertThat(body.path("healthy").booleanValue()).isFalse();
	}

	@Test
	void taskTraceIsKept() {
		JsonNode body = answer(503, Map.of(), connector("sink", "RUNNING", MINE,
				"{\"id\":0,\"state\":\"FAILED\",\"worker_id\":\"" + MINE + "\",\"trace\":\"java.lang.Boom\"}"));
		assertThat(body.path("failures").get(0).path("trace").stringValue()).isEqualTo("java.lang.Boom");
	}

	@Test
	void connectUnreadableIs503WithDevshawnsMessage() {
		this.connect.stubFor(get(urlEqualTo("/connectors?expand=status")).willReturn(aResponse().withStatus(500)));
		this.doctor = RunningDoctor.start(settings(Map.of()));
		HttpResponse<String> answer = awaitAnswer();
		assertThat(answer.statusCode()).isEqualTo(503);
		JsonNode body = json.readTree(answer.body());
		assertThat(body.path("healthy").booleanValue()).isFalse();
		assertThat(body.path("message").stringValue())
			.isEqualTo("Exception raised while attempting to calculate health result, assuming unhealthy.");
		assertThat(body.path("error").stringValue()).contains("Kafka Connect answered 500");
		assertThat(body.path("failure_states").toString()).isEqualTo("[\"FAILED\"]");
	}

	@Test
	void workerIdCountsOnlyItsOwnFailuresButTheRateCountsTheWholeCluster() {
		String cluster = connector("jdbc-sink", "RUNNING", OTHER, task(0, "FAILED", MINE), task(1, "RUNNING", OTHER));
		JsonNode mine = answer(503, Map.of("HEALTHCHECK_CONNECT_WORKER_ID", MINE), cluster);
		assertThat(mine.path("failures")).hasSize(1);
		assertThat(mine.path("failure_rate").doubleValue()).isEqualTo(1.0 / 3);
	}

	@Test
	void othersFailingLeaveThisWorkerHealthy() {
		JsonNode body = answer(200, Map.of("HEALTHCHECK_CONNECT_WORKER_ID", MINE),
				connector("jdbc-sink", "RUNNING", MINE, task(0, "RUNNING", MINE), task(1, "FAILED", OTHER)));
		assertThat(body.path("failures")).isEmpty();
	}

	@Test
	void unusedWorkerIdWithoutConnectorsOnItIsABrokerCheck() {
		JsonNode healthy = answer(200, Map.of("HEALTHCHECK_CONNECT_WORKER_ID", "unused:8083"),
				connector("s3-sink", "RUNNING", MINE, task(0, "RUNNING", MINE)));
		assertThat(healthy.path("failures")).isEmpty();
		// From the poll after the first GET / on.
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> this.connect.verify(getRequestedFor(urlEqualTo("/connectors/s3-sink"))));
		assertThat(json.readTree(this.doctor.get("/").body()).path("failures")).isEmpty();
	}

	@Test
	void nobodyAskingDevshawnsPathMeansNoBrokerRead() {
		this.connect.stubFor(get(urlEqualTo("/connectors?expand=status"))
			.willReturn(okJson("{" + connector("s3-sink", "RUNNING", MINE, task(0, "RUNNING", MINE)) + "}")));
		this.doctor = RunningDoctor.start(settings(Map.of("HEALTHCHECK_CONNECT_WORKER_ID", "unused:8083")));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.connect
				.countRequestsMatching(getRequestedFor(urlEqualTo("/connectors?expand=status")).build())
				.getCount() >= 5);
		this.connect.verify(0, getRequestedFor(urlEqualTo("/connectors/s3-sink")));
		assertThat(this.doctor.get("/healthcheck").statusCode()).isEqualTo(200);
	}

	@Test
	void lostBrokerIsABrokerFailureWhateverTheRate() {
		this.connect.stubFor(get(urlEqualTo("/connectors/s3-sink")).willReturn(aResponse().withStatus(500)));
		JsonNode body = answer(503, Map.of("HEALTHCHECK_CONNECT_WORKER_ID", "unhealthy.worker:8083"),
				connector("s3-sink", "RUNNING", MINE, task(0, "RUNNING", MINE)));
		assertThat(body.path("failures").toString()).isEqualTo("[{\"type\":\"broker\",\"connector\":\"s3-sink\"}]");
		assertThat(body.path("failure_rate").doubleValue()).isZero();
	}

	@Test
	void kip1017WorkerAnswersTheBrokerCheckItself() {
		this.connect.stubFor(get("/health").willReturn(aResponse().withStatus(500)
			.withBody("{\"status\":\"unhealthy\",\"message\":\"brokers unreachable\"}")));
		JsonNode body = answer(503, Map.of("HEALTHCHECK_CONNECT_WORKER_ID", "unhealthy.worker:8083"),
				connector("s3-sink", "RUNNING", MINE, task(0, "RUNNING", MINE)));
		assertThat(body.path("failures").get(0).path("type").stringValue()).isEqualTo("broker");
		this.connect.verify(0, getRequestedFor(urlEqualTo("/connectors/s3-sink")));
	}

	@Test
	void severalConnectorsKeepConnectsOrder() {
		JsonNode body = answer(503, Map.of(), connector("s3-source", "FAILED", MINE, task(3, "FAILED", MINE)) + ","
				+ connector("s3-sink", "RUNNING", MINE, task(2, "FAILED", MINE)));
		assertThat(body.path("failures").valueStream().map((f) -> f.path("connector").stringValue()))
			.containsExactly("s3-source", "s3-source", "s3-sink");
	}

	@Test
	void noConnectorsIsHealthy() {
		JsonNode body = answer(200, Map.of(), "");
		assertThat(body.path("failure_rate").doubleValue()).isZero();
	}

	@Test
	void thresholdDecidesOverAndUnder() {
		String cluster = connector("s3-source", "FAILED", MINE, task(0, "FAILED", MINE), task(1, "RUNNING", MINE),
				task(2, "RUNNING", MINE));
		JsonNode over = answer(503, Map.of("HEALTHCHECK_FAILURE_THRESHOLD_PERCENTAGE", "10"), cluster);
		assertThat(over.path("failure_rate").doubleValue()).isEqualTo(0.5);
		assertThat(over.path("failure_threshold").doubleValue()).isEqualTo(0.1);
		JsonNode under = answer(200, Map.of("HEALTHCHECK_FAILURE_THRESHOLD_PERCENTAGE", "50"), cluster);
		assertThat(under.path("healthy").booleanValue()).isTrue();
	}

	@Test
	void consideredContainersChooseWhatCounts() {
		String cluster = connector("s3-source", "RUNNING", MINE, task(0, "FAILED", MINE));
		JsonNode connectorsOnly = answer(200, Map.of("HEALTHCHECK_CONSIDERED_CONTAINERS", "CONNECTOR"), cluster);
		assertThat(connectorsOnly.path("failures")).isEmpty();
		JsonNode tasksOnly = answer(503, Map.of("HEALTHCHECK_CONSIDERED_CONTAINERS", "TASK"), cluster);
		assertThat(tasksOnly.path("failures")).hasSize(1);
		assertThat(tasksOnly.path("failure_rate").doubleValue()).isEqualTo(1.0);
	}

	@Test
	void basicAuthIsSentToConnect() {
		answer(200, Map.of("HEALTHCHECK_BASIC_AUTH", "username:password"),
				connector("source", "RUNNING", MINE, task(0, "RUNNING", MINE)));
		this.connect.verify(getRequestedFor(urlEqualTo("/connectors?expand=status")).withHeader("Authorization",
				equalTo("Basic dXNlcm5hbWU6cGFzc3dvcmQ=")));
	}

	@Test
	void pingAndHeadAnswerAsDevshawnsAndProbesNeverCallConnect() {
		answer(200, Map.of(), connector("source", "RUNNING", MINE, task(0, "RUNNING", MINE)));
		assertThat(this.doctor.get("/ping").body()).isEqualTo("{\"status\": \"UP\"}");
		HttpResponse<String> head = this.doctor.request("HEAD", "/");
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		int reads = this.connect.getAllServeEvents().size();
		for (int i = 0; i < 50; i++) {
			this.doctor.get("/");
		}
		assertThat(this.connect.getAllServeEvents().size()).isLessThanOrEqualTo(reads + 2);
	}

	private JsonNode answer(int status, Map<String, String> variables, String connectors) {
		if (this.doctor != null) {
			this.doctor.close();
		}
		this.connect.stubFor(get(urlEqualTo("/connectors?expand=status")).willReturn(okJson("{" + connectors + "}")));
		this.doctor = RunningDoctor.start(settings(variables));
		// The broker check starts with the poll after the first GET /: wait for the
		// answer.
		HttpResponse<String> answer = await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.doctor.get("/"), (response) -> response.statusCode() == status);
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
		return json.readTree(answer.body());
	}

	private HttpResponse<String> awaitAnswer() {
		return await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.doctor.get("/"), (response) -> !response.body().contains("has not read Kafka Connect"));
	}

	/**
	 * devshawn's variables as connect-doctor maps them (LegacyEnvironmentPostProcessor).
	 */
	private Map<String, String> settings(Map<String, String> variables) {
		Map<String, Object> mapped = io.connectdoctor.settings.LegacyEnvironmentPostProcessor.map((name) -> {
			if (name.equals("HEALTHCHECK_CONNECT_URL")) {
				return this.connect.baseUrl();
			}
			return variables.get(name);
		});
		Map<String, String> settings = new HashMap<>();
		mapped.forEach((key, value) -> settings.put(key, String.valueOf(value)));
		settings.remove("server.port");
		settings.put("connect-doctor.healing.enabled", "false");
		settings.put("connect-doctor.connect.poll-interval", "200ms");
		return settings;
	}

	private static String connector(String name, String state, String worker, String... tasks) {
		return "\"" + name + "\":{\"status\":{\"name\":\"" + name + "\",\"type\":\"sink\",\"connector\":{\"state\":\""
				+ state + "\",\"worker_id\":\"" + worker + "\"},\"tasks\":[" + String.join(",", List.of(tasks)) + "]}}";
	}

	private static String task(int id, String state, String worker) {
		return "{\"id\":" + id + ",\"state\":\"" + state + "\",\"worker_id\":\"" + worker + "\"}";
	}

}
