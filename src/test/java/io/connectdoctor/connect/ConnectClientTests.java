package io.connectdoctor.connect;

import java.time.Duration;
import java.util.Optional;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.connectdoctor.testing.DemoCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Connect client against WireMock, for every answer a real cluster cannot be made to
 * give on demand. Facts about Connect's answers are from shared/CONNECT-REST.md.
 *
 * @author connect-doctor
 */
class ConnectClientTests {

	@RegisterExtension
	static WireMockExtension connect = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private static final String EXPANDED = """
			{"file-sink":{"status":{"name":"file-sink",
			    "connector":{"state":"RUNNING","worker_id":"10.0.0.5:8083"},
			    "tasks":[{"id":0,"state":"FAILED","worker_id":"10.0.0.6:8083","trace":"ConnectException: boom"},
			             {"id":1,"state":"RUNNING","worker_id":"10.0.0.5:8083"}],
			    "type":"sink"},
			  "info":{"name":"file-sink","config":{"connector.class":"FileStreamSink"},"tasks":[],"type":"sink"}}}
			""";

	@Test
	void clusterStatusReadsEveryConnectorWithOneExpandedCall() {
		stubExpanded(okJson(EXPANDED));
		ClusterStatus status = client().clusterStatus().block();
		assertThat(status.readMethod()).isEqualTo(ReadMethod.EXPANDED);
		ConnectorStatus sink = status.connectors().get("file-sink");
		assertThat(sink.type()).isEqualTo("sink");
		assertThat(sink.state()).isEqualTo(State.RUNNING);
		assertThat(sink.tasks()).containsExactly(
				new TaskStatus("file-sink", 0, State.FAILED, "10.0.0.6:8083", "ConnectException: boom"),
				new TaskStatus("file-sink", 1, State.RUNNING, "10.0.0.5:8083", null));
		connect.verify(1, getRequestedFor(urlEqualTo("/connectors?expand=status")));
		assertThat(connect.getAllServeEvents()).hasSize(1);
	}

	@Test
	void aReadOfTheSameConnectorsKeepsTheLastReadingsAndAChangeMakesANewOne() {
		String two = EXPANDED.strip().substring(0, EXPANDED.strip().length() - 1)
				+ ",\"other\":{\"status\":{\"name\":\"other\",\"connector\":{\"state\":\"RUNNING\","
				+ "\"worker_id\":\"10.0.0.5:8083\"},\"tasks\":[],\"type\":\"source\"}}}";
		ConnectClient client = client();
		stubExpanded(okJson(two));
		ClusterStatus first = client.clusterStatus().block();
		ClusterStatus again = client.clusterStatus().block();
		assertThat(again).isSameAs(first);
		stubExpanded(okJson(two.replace("\"id\":1,\"state\":\"RUNNING\"", "\"id\":1,\"state\":\"FAILED\"")));
		ClusterStatus changed = client.clusterStatus().block();
		assertThat(changed).isNotSameAs(first).isNotEqualTo(first);
		assertThat(changed.connectors().get("file-sink").tasks().get(1).state()).isEqualTo(State.FAILED);
		assertThat(changed.connectors().get("other")).isSameAs(first.connectors().get("other"));
		assertThat(changed.connectors().get("file-sink")).isNotSameAs(first.connectors().get("file-sink"));
		assertThat(changed.listed()).containsExactly("file-sink", "other");
	}

	@Test
	void failedTaskWithoutTraceIsReadWithNullTrace() {
		stubExpanded(okJson("""
				{"c":{"status":{"name":"c","connector":{"state":"RUNNING","worker_id":"w:8083"},
				  "tasks":[{"id":0,"state":"FAILED","worker_id":"w:8083"}],"type":"source"}}}
				"""));
		TaskStatus task = client().clusterStatus().block().connectors().get("c").tasks().get(0);
		assertThat(task.state()).isEqualTo(State.FAILED);
		assertThat(task.trace()).isNull();
	}

	@Test
	void unknownFieldsStatesAndMissingTasksDoNotBreakParsing() {
		stubExpanded(okJson("""
				{"c":{"status":{"name":"c","version":"9.9","connector":{"state":"HIBERNATING","worker_id":"w:8083",
				  "version":"1"},"type":"unknown","future":{"x":[1,2]}}},
				 "d":{"status":{"name":"d","connector":{"state":"FAILED","worker_id":"w:8083","trace":"t"},"tasks":[]}}}
				"""));
		ClusterStatus status = client().clusterStatus().block();
		assertThat(status.connectors().get("c").state()).isEqualTo(State.UNKNOWN);
		assertThat(status.connectors().get("c").tasks()).isEmpty();
		assertThat(status.connectors().get("d").state()).isEqualTo(State.FAILED);
		assertThat(status.connectors().get("d").trace()).isEqualTo("t");
	}

	@Test
	void connectionRefusedIsUnreachable() {
		ConnectClient client = client("http://localhost:" + DemoCluster.freePort());
		assertThatExceptionOfType(ConnectCallException.class).isThrownBy(() -> client.clusterStatus().block())
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(ConnectCallException.Kind.UNREACHABLE))
			.withMessageContaining("connection refused");
	}

	@Test
	void answerSlowerThanResponseTimeoutIsTimeout() {
		stubExpanded(okJson(EXPANDED).withFixedDelay(3_000));
		ConnectClient client = client(connect.baseUrl(), Duration.ofMillis(300));
		assertThatExceptionOfType(ConnectCallException.class)
			.isThrownBy(() -> client.clusterStatus().block(Duration.ofSeconds(10)))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(ConnectCallException.Kind.TIMEOUT));
	}

	@Test
	void serverErrorIsTypedWithConnectsErrorMessage() {
		stubExpanded(aResponse().withStatus(500)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error_code\":500,\"message\":\"Request timed out\"}"));
		assertThatExceptionOfType(ConnectCallException.class).isThrownBy(() -> client().clusterStatus().block())
			.satisfies((ex) -> {
				assertThat(ex.kind()).isEqualTo(ConnectCallException.Kind.HTTP_STATUS);
				assertThat(ex.httpStatus()).isEqualTo(500);
				assertThat(ex.connectMessage()).isEqualTo("Request timed out");
			});
	}

	@Test
	void conflictDuringRebalanceIsTypedAs409() {
		stubExpanded(aResponse().withStatus(409)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error_code\":409,\"message\":\"Cannot complete request momentarily due to stale "
					+ "configuration (typically caused by a concurrent config change)\"}"));
		assertThatExceptionOfType(ConnectCallException.class).isThrownBy(() -> client().clusterStatus().block())
			.satisfies((ex) -> {
				assertThat(ex.isStatus(409)).isTrue();
				assertThat(ex.connectMessage()).startsWith("Cannot complete request momentarily");
			});
	}

	@Test
	void malformedJsonIsMalformedResponse() {
		stubExpanded(okJson("{\"file-sink\":{\"status\":{\"name\":"));
		assertThatExceptionOfType(ConnectCallException.class).isThrownBy(() -> client().clusterStatus().block())
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(ConnectCallException.Kind.MALFORMED_RESPONSE));
	}

	@Test
	void answerOfManyNetworkBuffersIsParsedWhole() {
		// About 1.5 MB: far more than one network read, so the parse spans many buffers.
		StringBuilder body = new StringBuilder("{");
		for (int i = 0; i < 3000; i++) {
			body.append((i > 0) ? "," : "")
				.append("\"c-")
				.append(i)
				.append("\":{\"status\":{\"name\":\"c-")
				.append(i)
				.append("\",\"connector\":{\"state\":\"RUNNING\",\"worker_id\":\"w:8083\"},\"tasks\":[")
				.append("{\"id\":0,\"state\":\"FAILED\",\"worker_id\":\"w:8083\",\"trace\":\"")
				.append("x".repeat(400))
				.append("\"}],\"type\":\"sink\"},\"info\":{\"config\":{\"k\":\"")
				.append("v".repeat(50))
				.append("\"}}}");
		}
		stubExpanded(okJson(body.append("}").toString()));
		ClusterStatus status = client().clusterStatus().block();
		assertThat(status.connectors()).hasSize(3000);
		assertThat(status.connectors().get("c-2999").tasks().get(0).trace()).hasSize(400);
	}

	@Test
	void emptySuccessfulAnswerIsMalformedResponse() {
		stubExpanded(aResponse().withStatus(200));
		assertThatExceptionOfType(ConnectCallException.class).isThrownBy(() -> client().clusterStatus().block())
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(ConnectCallException.Kind.MALFORMED_RESPONSE))
			.withMessageContaining("empty body");
	}

	@Test
	void answerLargerThanTheLimitIsMalformedResponseNamingTheProperty() {
		stubExpanded(okJson(EXPANDED.replace("ConnectException: boom", "ConnectException: " + "b".repeat(2000))));
		ConnectProperties small = new ConnectProperties(connect.baseUrl(), null, null, Duration.ofSeconds(1),
				Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofSeconds(10), 4, DataSize.ofKilobytes(1),
				new ConnectProperties.Ssl(null, null, "PKCS12", null, null, "PKCS12", null, null));
		assertThatExceptionOfType(ConnectCallException.class)
			.isThrownBy(() -> new ConnectClient(WebClient.builder(), small).clusterStatus().block())
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(ConnectCallException.Kind.MALFORMED_RESPONSE))
			.withMessageContaining("connect-doctor.connect.max-response-size");
	}

	@Test
	void thousandFailedTasksWithFiftyKilobyteTracesAreReadWithTracesCut() {
		StringBuilder body = new StringBuilder("{");
		String trace = "org.apache.kafka.connect.errors.ConnectException: " + "x".repeat(50_000);
		for (int i = 0; i < 1000; i++) {
			body.append((i > 0) ? "," : "")
				.append("\"sink-")
				.append(i)
				.append("\":{\"status\":{\"name\":\"sink-")
				.append(i)
				.append("\",\"connector\":{\"state\":\"RUNNING\",\"worker_id\":\"w:8083\"},")
				.append("\"tasks\":[{\"id\":0,\"state\":\"FAILED\",\"worker_id\":\"w:8083\",\"trace\":\"")
				.append(trace)
				.append("\"}],\"type\":\"sink\"}}");
		}
		stubExpanded(okJson(body.append('}').toString()));
		ClusterStatus status = client().clusterStatus().block();
		assertThat(status.connectors()).hasSize(1000);
		assertThat(status.connectors().values())
			.allSatisfy((connector) -> assertThat(connector.tasks().get(0).trace()).hasSize(2003)
				.startsWith("org.apache.kafka.connect.errors.ConnectException: xxx")
				.endsWith("x..."));
	}

	@Test
	void nameLongerThanAnyRealOneIsMalformedResponse() {
		stubExpanded(okJson("{\"" + "n".repeat(2 * 1024 * 1024) + "\":{\"status\":{}}}"));
		assertThatExceptionOfType(ConnectCallException.class).isThrownBy(() -> client().clusterStatus().block())
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(ConnectCallException.Kind.MALFORMED_RESPONSE));
	}

	@Test
	void proxyHtmlErrorPageKeepsAShortExcerpt() {
		stubExpanded(aResponse().withStatus(502).withBody("<html><body>Bad Gateway</body></html>"));
		assertThatExceptionOfType(ConnectCallException.class).isThrownBy(() -> client().clusterStatus().block())
			.satisfies((ex) -> assertThat(ex.httpStatus()).isEqualTo(502))
			.withMessageContaining("Bad Gateway");
	}

	@Test
	void clusterBefore23IsReadWithOneStatusCallPerConnectorSkippingDeletedOnes() {
		stubExpanded(okJson("[\"a\",\"my sink\",\"gone\"]"));
		connect.stubFor(get("/connectors/a/status").willReturn(okJson("""
				{"name":"a","connector":{"state":"RUNNING","worker_id":"w:8083"},"tasks":[]}""")));
		connect.stubFor(get("/connectors/my%20sink/status").willReturn(okJson("""
				{"name":"my sink","connector":{"state":"RUNNING","worker_id":"w:8083"},
				 "tasks":[{"id":0,"state":"FAILED","worker_id":"w:8083","trace":"x"}]}""")));
		connect.stubFor(get("/connectors/gone/status").willReturn(aResponse().withStatus(404)
			.withBody("{\"error_code\":404,\"message\":\"No status found for connector gone\"}")));
		ClusterStatus status = client().clusterStatus().block();
		assertThat(status.readMethod()).isEqualTo(ReadMethod.PER_CONNECTOR);
		assertThat(status.connectors()).containsOnlyKeys("a", "my sink");
		assertThat(status.connectors().get("my sink").tasks().get(0).state()).isEqualTo(State.FAILED);
		connect.verify(1, getRequestedFor(urlEqualTo("/connectors/my%20sink/status")));
	}

	@Test
	void workerBefore39IsHealthyWhenItsHerderAnswers404ForAConnectorThatDoesNotExist() {
		connect.stubFor(get("/health").willReturn(aResponse().withStatus(404)));
		connect.stubFor(get("/connectors/" + ConnectClient.HERDER_PROBE).willReturn(aResponse().withStatus(404)
			.withBody("{\"error_code\":404,\"message\":\"Connector connect-doctor-herder-probe not found\"}")));
		assertThat(client().workerHealth().block()).hasValue(new WorkerHealth(WorkerHealth.Status.HEALTHY,
				WorkerHealth.Source.REST_API, "herder answers (worker predates GET /health)"));
		connect.verify(getRequestedFor(urlEqualTo("/connectors/" + ConnectClient.HERDER_PROBE)));
	}

	@Test
	void workerBefore39WhoseHerderDoesNotAnswer404IsUnhealthyWithWhatItSaid() {
		connect.stubFor(get("/health").willReturn(aResponse().withStatus(404)));
		connect.stubFor(get("/connectors/" + ConnectClient.HERDER_PROBE).willReturn(
				aResponse().withStatus(500).withBody("{\"error_code\":500,\"message\":\"Request timed out\"}")));
		assertThat(client().workerHealth().block()).hasValueSatisfying((health) -> {
			assertThat(health.status()).isEqualTo(WorkerHealth.Status.UNHEALTHY);
			assertThat(health.source()).isEqualTo(WorkerHealth.Source.REST_API);
			assertThat(health.message()).isEqualTo(
					"GET /connectors/connect-doctor-herder-probe answered 500 instead of 404: Request timed out");
		});
	}

	@Test
	void healthAnswering401Or403IsAnAuthenticationProblemNotAnUnhealthyWorker() {
		for (int status : new int[] { 401, 403 }) {
			connect.stubFor(get("/health").willReturn(aResponse().withStatus(status)
				.withBody("{\"error_code\":" + status + ",\"message\":\"Unauthorized\"}")));
			assertThat(client().workerHealth().block()).hasValueSatisfying((health) -> {
				assertThat(health.status()).isEqualTo(WorkerHealth.Status.UNAUTHORIZED);
				assertThat(health.message()).startsWith("authentication: GET /health answered " + status)
					.contains("Unauthorized");
			});
		}
	}

	@Test
	void workerHealthMapsKip1017Statuses() {
		connect.stubFor(get("/health").willReturn(okJson("{\"status\":\"healthy\",\"message\":\"ready\"}")));
		assertThat(client().workerHealth().block())
			.hasValue(new WorkerHealth(WorkerHealth.Status.HEALTHY, WorkerHealth.Source.KIP_1017, "ready"));
		connect.stubFor(get("/health").willReturn(aResponse().withStatus(503)
			.withBody("{\"status\":\"starting\",\"message\":\"Worker is still starting up.\"}")));
		assertThat(client().workerHealth().block().map(WorkerHealth::status))
			.isEqualTo(Optional.of(WorkerHealth.Status.STARTING));
		connect.stubFor(get("/health").willReturn(aResponse().withStatus(500)
			.withBody("{\"status\":\"unhealthy\",\"message\":\"herder thread stuck\"}")));
		assertThat(client().workerHealth().block()).hasValueSatisfying((health) -> {
			assertThat(health.status()).isEqualTo(WorkerHealth.Status.UNHEALTHY);
			assertThat(health.message()).isEqualTo("herder thread stuck");
		});
	}

	@Test
	void slowWorkerIsHeardSayingItIsUnhealthyBeyondTheResponseTimeout() {
		// Kafka answers 500 after waiting 10 s for its herder: here 1.5 s, past the
		// 500 ms response timeout, within the 3 s health timeout.
		connect.stubFor(get("/health").willReturn(aResponse().withStatus(500)
			.withFixedDelay(1500)
			.withBody("{\"status\":\"unhealthy\",\"message\":\"Worker was unable to handle this request and may "
					+ "be unable to handle other requests\"}")));
		ConnectProperties properties = new ConnectProperties(connect.baseUrl(), null, null, Duration.ofSeconds(1),
				Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofSeconds(10), 4, DataSize.ofMegabytes(64),
				new ConnectProperties.Ssl(null, null, "PKCS12", null, null, "PKCS12", null, null));
		assertThat(new ConnectClient(WebClient.builder(), properties).workerHealth().block())
			.hasValueSatisfying((health) -> {
				assertThat(health.status()).isEqualTo(WorkerHealth.Status.UNHEALTHY);
				assertThat(health.message()).startsWith("Worker was unable to handle this request");
			});
		// Any other call keeps the response timeout.
		stubExpanded(aResponse().withStatus(200).withFixedDelay(1500).withBody("{}"));
		assertThatExceptionOfType(ConnectCallException.class)
			.isThrownBy(() -> new ConnectClient(WebClient.builder(), properties).clusterStatus().block())
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(ConnectCallException.Kind.TIMEOUT));
	}

	@Test
	void credentialsInTheUrlBecomeBasicAuthAndLeaveTheUrl() {
		stubExpanded(okJson("{}"));
		String url = connect.baseUrl().replace("http://", "http://connect-user:s3cr%40t@");
		ConnectClient client = client(url);
		client.clusterStatus().block();
		connect.verify(getRequestedFor(urlPathEqualTo("/connectors"))
			.withBasicAuth(new com.github.tomakehurst.wiremock.client.BasicCredentials("connect-user", "s3cr@t")));
		assertThat(client.endpoint().baseUrl()).isEqualTo(connect.baseUrl());
		assertThat(client.endpoint().toString()).doesNotContain("s3cr");
		connect.verify(getRequestedFor(urlPathEqualTo("/connectors")).withHeader("Accept",
				WireMock.containing("application/json")));
	}

	@Test
	void credentialsGivenAsPropertiesAreSentAsBasicAuth() {
		stubExpanded(okJson("{}"));
		ConnectProperties properties = properties(connect.baseUrl(), Duration.ofSeconds(2), "guardian", "pa:ss");
		new ConnectClient(WebClient.builder(), properties).clusterStatus().block();
		connect.verify(getRequestedFor(urlPathEqualTo("/connectors")).withHeader("Authorization",
				equalTo("Basic " + java.util.Base64.getEncoder().encodeToString("guardian:pa:ss".getBytes()))));
		assertThat(properties.toString()).doesNotContain("pa:ss");
	}

	private static void stubExpanded(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
		connect.stubFor(get(urlEqualTo("/connectors?expand=status")).willReturn(response));
	}

	private static ConnectClient client() {
		return client(connect.baseUrl());
	}

	private static ConnectClient client(String url) {
		return client(url, Duration.ofSeconds(2));
	}

	private static ConnectClient client(String url, Duration responseTimeout) {
		return new ConnectClient(WebClient.builder(), properties(url, responseTimeout, null, null));
	}

	static ConnectProperties properties(String url, Duration responseTimeout, String user, String password) {
		return new ConnectProperties(url, user, password, Duration.ofSeconds(1), responseTimeout, responseTimeout,
				Duration.ofSeconds(10), 4, DataSize.ofMegabytes(64),
				new ConnectProperties.Ssl(null, null, "PKCS12", null, null, "PKCS12", null, null));
	}

}
