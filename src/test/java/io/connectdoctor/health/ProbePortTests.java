package io.connectdoctor.health;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.connectdoctor.testing.RunningDoctor;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Everything the probe port answers is JSON, the servlet container's own errors included,
 * and a connector whose name holds {@code /} or {@code \} (Kafka before 4.x allowed them)
 * is reachable URL-encoded.
 *
 * @author connect-doctor
 */
class ProbePortTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final WireMockServer connect = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	private static RunningDoctor doctor;

	@BeforeAll
	static void start() {
		connect.start();
		connect.stubFor(get("/health").willReturn(okJson("{\"status\":\"healthy\",\"message\":\"ok\"}")));
		connect.stubFor(get(urlEqualTo("/connectors?expand=status")).willReturn(okJson("""
				{"team/orders":{"status":{"name":"team/orders","type":"sink",
				   "connector":{"state":"RUNNING","worker_id":"w:8083"},
				   "tasks":[{"id":0,"state":"FAILED","worker_id":"w:8083","trace":"boom"}]}},
				 "dom\\\\users":{"status":{"name":"dom\\\\users","type":"sink",
				   "connector":{"state":"RUNNING","worker_id":"w:8083"},
				   "tasks":[{"id":0,"state":"RUNNING","worker_id":"w:8083"}]}}}""")));
		doctor = RunningDoctor.start(Map.of("connect-doctor.connect.url", connect.baseUrl(),
				"connect-doctor.target.mode", "cluster", "connect-doctor.healing.enabled", "false"));
		await().atMost(Duration.ofSeconds(10)).until(() -> doctor.get("/healthcheck").statusCode() == 503);
	}

	@AfterAll
	static void stop() {
		doctor.close();
		connect.stop();
	}

	@ParameterizedTest(name = "{0} is {1}")
	@CsvSource({ "/healthcheck/team%2Forders, 503", "/healthcheck/team%2forders, 503", "/healthcheck/dom%5Cusers, 200",
			"/healthcheck/dom%5cusers/, 200" })
	void connectorNamesWithSlashOrBackslashAreReachableEncoded(String path, int status) {
		HttpResponse<String> answer = doctor.get(path);
		assertThat(answer.statusCode()).isEqualTo(status);
		assertJson(answer);
	}

	@Test
	void unknownPathIsJsonWhateverTheClientAccepts() throws Exception {
		for (String accept : new String[] { "*/*", "text/html", "application/xml" }) {
			HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/no/such/path")).header("Accept", accept));
			assertThat(answer.statusCode()).isEqualTo(404);
			assertThat(assertJson(answer).path("error").stringValue()).contains("Not Found").contains("/no/such/path");
		}
	}

	@Test
	void nameLongerThanAnyConnectorsIsAnsweredAsJson() {
		HttpResponse<String> long9k = doctor.get("/healthcheck/" + "x".repeat(9_000));
		assertThat(long9k.statusCode()).isEqualTo(404);
		assertJson(long9k);
		HttpResponse<String> long70k = doctor.get("/healthcheck/" + "x".repeat(70_000));
		assertThat(long70k.statusCode()).isEqualTo(400);
		assertThat(assertJson(long70k).path("error").stringValue()).contains("server.max-http-request-header-size");
	}

	@Test
	void aBurstOfProbeConnectionsQueuesInsteadOfBeingRefused() {
		assertThat(connector().getProperty("acceptCount")).isEqualTo(1000);
	}

	@Test
	void aFailingAnswerClosesItsConnectionWhoseBuffersAreKeptForTheNext() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", doctor.port())) {
			socket.setSoTimeout(5_000);
			socket.getOutputStream()
				.write("GET /healthcheck HTTP/1.1\r\nHost: probe\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
			// Tomcat's rule for a 503, which is why every probe of a failing cluster is a
			// new connection (readAllBytes returning at all shows the server closed it).
			assertThat(answer).startsWith("HTTP/1.1 503").containsIgnoringCase("\r\nConnection: close\r\n");
		}
		assertThat(connector().getProperty("socket.bufferPool"))
			.isEqualTo(Integer.toString(ProbePortConfiguration.KEPT_CONNECTIONS));
	}

	@Test
	void theServerHasNoSessionMeters() {
		MeterRegistry registry = doctor.context().getBean(MeterRegistry.class);
		assertThat(registry.find("jvm.threads.live").meters()).isNotEmpty();
		assertThat(registry.getMeters()).noneMatch((meter) -> meter.getId().getName().startsWith("tomcat."));
	}

	private static Connector connector() {
		return ((TomcatWebServer) ((WebServerApplicationContext) doctor.context()).getWebServer()).getTomcat()
			.getConnector();
	}

	private static JsonNode assertJson(HttpResponse<String> answer) {
		assertThat(answer.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		JsonNode body = json.readTree(answer.body());
		assertThat(body.path("status").stringValue()).isIn("UP", "DOWN", "UNKNOWN");
		return body;
	}

	private static URI uri(String path) {
		return URI.create(doctor.get("/healthcheck").uri().resolve(path).toString());
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return HttpClient.newHttpClient()
			.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
	}

}
