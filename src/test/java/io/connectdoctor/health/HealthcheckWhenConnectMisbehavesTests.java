package io.connectdoctor.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.connectdoctor.connect.ConnectPoller;
import io.connectdoctor.testing.DemoCluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wiremock.spring.EnableWireMock;
import org.wiremock.spring.InjectWireMock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public HTTP contract when Connect misbehaves: every fault becomes a 503 with a JSON
 * reason, never an HTML page, a hang or a crash. Polls are triggered by the test, so
 * every answer is the outcome of a known stub.
 *
 * @author connect-doctor
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "connect-doctor.connect.url=http://connect-user:s3cret-pw@localhost:${wiremock.server.port}",
				"connect-doctor.connect.poll-interval=1h", "connect-doctor.connect.response-timeout=300ms",
				"connect-doctor.target.mode=cluster", "connect-doctor.healing.enabled=false" })
@EnableWireMock
@ExtendWith(OutputCaptureExtension.class)
class HealthcheckWhenConnectMisbehavesTests {

	private static final String SECRET = "s3cret-pw";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@InjectWireMock
	WireMockServer connect;

	@Autowired
	ConnectPoller poller;

	/** connect-doctor refuses port 0, so the test picks a free one. */
	@DynamicPropertySource
	static void freePort(DynamicPropertyRegistry registry) {
		int port = DemoCluster.freePort();
		registry.add("server.port", () -> port);
	}

	@Value("${local.server.port}")
	int port;

	@BeforeEach
	void workerHasKip1017Health() {
		this.connect.stubFor(get("/health").willReturn(okJson("{\"status\":\"healthy\",\"message\":\"ok\"}")));
	}

	@Test
	void healthcheckIs503WithJsonReasonWhenConnectAnswers500() throws Exception {
		stubStatus(aResponse().withStatus(500).withBody("{\"error_code\":500,\"message\":\"Request timed out\"}"));
		this.poller.pollNow();
		assertUnknownWithError(fetch("/healthcheck"), "Kafka Connect answered 500: Request timed out");
		assertUnknownWithError(fetch("/healthcheck/any"), "Request timed out");
	}

	@Test
	void healthcheckIs503WithJsonReasonWhenConnectTimesOut(CapturedOutput output) throws Exception {
		stubStatus(okJson("{}").withFixedDelay(2_000));
		int before = output.getAll().length();
		for (int i = 0; i < 3; i++) {
			this.poller.pollNow();
		}
		assertUnknownWithError(fetch("/healthcheck"), "no answer from Kafka Connect");
		// Logged at most once for the three polls (not at all when an earlier test left
		// the
		// same problem reported), by connect-doctor, never by the HTTP client.
		String logged = output.getAll().substring(before);
		assertThat(logged).doesNotContain("r.netty.http.client").doesNotContain("The connection observed an error");
		assertThat(logged.lines().filter((line) -> line.contains("no answer from Kafka Connect within")).count())
			.isLessThanOrEqualTo(1);
	}

	@Test
	void connectsErrorPageCannotAddALineToTheLog(CapturedOutput output) throws Exception {
		stubStatus(aResponse().withStatus(502)
			.withBody(
					"<html>\n2026-11-30T10:00:00.000Z ERROR 1 --- [main] io.connectdoctor.Forged : INJECTED\n</html>"));
		this.poller.pollNow();
		assertThat(fetch("/healthcheck").statusCode()).isEqualTo(503);
		// (WireMock's own log of the stub is left out: it is the test's, not the
		// doctor's.)
		assertThat(output.getAll().lines().filter((line) -> line.contains("INJECTED") && !line.contains("\"body\"")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("Cannot read Kafka Connect").contains("\\n2026-11-30"));
	}

	@Test
	void healthcheckIs503WithJsonReasonWhenConnectSendsMalformedJson() throws Exception {
		stubStatus(okJson("<html>not json"));
		this.poller.pollNow();
		assertUnknownWithError(fetch("/healthcheck"), "malformed answer from Kafka Connect");
	}

	@Test
	void healthcheckIs503WithJsonReasonWhenConnectAnswers409() throws Exception {
		stubStatus(aResponse().withStatus(409)
			.withBody("{\"error_code\":409,\"message\":\"Cannot complete request because of a conflicting "
					+ "operation (e.g. worker rebalance)\"}"));
		this.poller.pollNow();
		assertUnknownWithError(fetch("/healthcheck"), "409");
	}

	@Test
	void failedTaskWithoutTraceCountsWithNullTrace() throws Exception {
		stubStatus(okJson("""
				{"c":{"status":{"name":"c","connector":{"state":"RUNNING","worker_id":"w:8083"},
				  "tasks":[{"id":3,"state":"FAILED","worker_id":"w:8083"}],"type":"sink"}}}"""));
		this.poller.pollNow();
		HttpResponse<String> response = fetch("/healthcheck/c");
		assertThat(response.statusCode()).isEqualTo(503);
		JsonNode failure = json.readTree(response.body()).path("failures").get(0);
		assertThat(failure.path("taskId").intValue()).isEqualTo(3);
		assertThat(failure.path("trace").isNull()).isTrue();
	}

	@Test
	void clusterBefore23IsAnsweredFromPerConnectorStatusCalls() throws Exception {
		stubStatus(okJson("[\"old\"]"));
		this.connect.stubFor(get("/connectors/old/status").willReturn(okJson("""
				{"name":"old","connector":{"state":"RUNNING","worker_id":"w:8083"},
				 "tasks":[{"id":0,"state":"FAILED","worker_id":"w:8083","trace":"boom"}]}""")));
		this.poller.pollNow();
		HttpResponse<String> response = fetch("/healthcheck");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(json.readTree(response.body()).path("failures").get(0).path("trace").stringValue())
			.isEqualTo("boom");
		assertThat(json.readTree(fetch("/actuator/health/readiness").body())
			.at("/components/connect/details/readMethod")
			.stringValue()).isEqualTo("PER_CONNECTOR");
	}

	@Test
	void workerBefore39IsHealthyWhenItsRestApiAnswers() throws Exception {
		stubStatus(okJson("{}"));
		this.connect.stubFor(get("/health").willReturn(aResponse().withStatus(404)));
		this.poller.pollNow();
		HttpResponse<String> worker = fetch("/actuator/health/worker");
		assertThat(worker.statusCode()).isEqualTo(200);
		assertThat(json.readTree(worker.body()).at("/components/connectWorker/details/source").stringValue())
			.isEqualTo("rest-api");
		assertThat(fetch("/healthcheck").statusCode()).isEqualTo(200);
	}

	@Test
	void healthAnswering401IsSaidAsAuthenticationAndLeavesHealthcheckToTheStatusRead() throws Exception {
		stubStatus(okJson("{}"));
		this.connect.stubFor(get("/health")
			.willReturn(aResponse().withStatus(401).withBody("{\"error_code\":401,\"message\":\"Unauthorized\"}")));
		this.poller.pollNow();
		HttpResponse<String> worker = fetch("/actuator/health/worker");
		assertThat(worker.statusCode()).isEqualTo(503);
		JsonNode details = json.readTree(worker.body()).at("/components/connectWorker/details");
		assertThat(details.path("status").stringValue()).isEqualTo("UNAUTHORIZED");
		assertThat(details.path("message").stringValue()).startsWith("authentication: GET /health answered 401");
		assertThat(fetch("/healthcheck").statusCode()).isEqualTo(200);
	}

	@Test
	void unhealthyWorkerFailsWorkerGroupButNotLiveness() throws Exception {
		stubStatus(okJson("{}"));
		this.connect.stubFor(get("/health").willReturn(aResponse().withStatus(500)
			.withBody("{\"status\":\"unhealthy\",\"message\":\"Worker was unable to handle this request\"}")));
		this.poller.pollNow();
		assertThat(fetch("/actuator/health/worker").statusCode()).isEqualTo(503);
		assertThat(fetch("/actuator/health/liveness").statusCode()).isEqualTo(200);
	}

	@Test
	void passwordNeverReachesLogsAnswersOrActuator(CapturedOutput output) throws Exception {
		stubStatus(aResponse().withStatus(401).withBody("{\"error_code\":401,\"message\":\"Unauthorized\"}"));
		this.poller.pollNow();
		for (String path : new String[] { "/healthcheck", "/healthcheck/x", "/actuator/health", "/actuator/info",
				"/actuator/configprops", "/actuator/env" }) {
			HttpResponse<String> response = fetch(path);
			assertThat(response.body()).as(path).doesNotContain(SECRET);
		}
		assertThat(fetch("/actuator/env").statusCode()).isEqualTo(404);
		assertThat(fetch("/actuator/configprops").statusCode()).isEqualTo(404);
		assertThat(output.getAll()).contains("Unauthorized").doesNotContain(SECRET);
	}

	private void stubStatus(ResponseDefinitionBuilder response) {
		this.connect.stubFor(get(urlEqualTo("/connectors?expand=status")).willReturn(response));
	}

	private void assertUnknownWithError(HttpResponse<String> response, String error) {
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		JsonNode body = json.readTree(response.body());
		assertThat(body.path("status").stringValue()).isEqualTo("UNKNOWN");
		assertThat(body.path("error").stringValue()).contains(error);
		assertThat(body.path("failures").isArray()).isTrue();
	}

	private HttpResponse<String> fetch(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
