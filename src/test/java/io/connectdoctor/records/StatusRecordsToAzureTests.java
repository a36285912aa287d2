package io.connectdoctor.records;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.connectdoctor.connect.ConnectPoller;
import io.connectdoctor.testing.DemoCluster;
import io.connectdoctor.testing.RunningDoctor;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Status records from a real Connect cluster sent to Azure Monitor's Logs Ingestion API,
 * WireMock standing in for Microsoft Entra's token endpoint and the data collection
 * endpoint: batched, with the seed's fields; 429 and 500 retried; an endpoint that hangs
 * costs at most the bounded queue, counted, while polls and probes keep their pace.
 *
 * @author connect-doctor
 */
@ExtendWith(OutputCaptureExtension.class)
class StatusRecordsToAzureTests {

	private static final String TENANT = "0f0e0d0c-tenant";

	private static final String RULE = "dcr-0123456789abcdef";

	private static final String STREAM = "Custom-KafkaConnect_CL";

	private static final String INGEST = "/dataCollectionRules/" + RULE + "/streams/" + STREAM;

	private static final String SECRET = "s3cret-of-the-service-principal";

	private static final String TOKEN = "eyJ0eXAiOiJKV1QiLCJ0b2tlbi1vZi10ZXN0In0";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static DemoCluster cluster;

	private static String failing;

	private static String healthy;

	private WireMockServer azure;

	@BeforeAll
	static void createConnectors() {
		cluster = DemoCluster.shared();
		failing = DemoCluster.uniqueName("records-failing");
		healthy = DemoCluster.uniqueName("records-healthy");
		cluster.createFailingSink(failing);
		cluster.createHealthySink(healthy);
		cluster.awaitTaskState(failing, 0, "FAILED");
		cluster.awaitTaskState(healthy, 0, "RUNNING");
	}

	@BeforeEach
	void startAzure() {
		this.azure = new WireMockServer(WireMockConfiguration.options().dynamicPort());
		this.azure.start();
		this.azure.stubFor(post(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token"))
			.willReturn(okJson("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"" + TOKEN + "\"}")));
	}

	@AfterEach
	void stopAzure() {
		this.azure.stop();
	}

	@Test
	void recordsArriveBatchedWithTheSeedsFieldsAndATokenFromTheClientSecret(CapturedOutput output) throws Exception {
		this.azure.stubFor(post(urlPathEqualTo(INGEST)).willReturn(aResponse().withStatus(204)));
		// 1 KB per send: a connector instance and its task do not fit in one with their
		// traces, so every poll's records go out in several batches.
		try (RunningDoctor doctor = doctor(Map.of("connect-doctor.records.azure.client-secret", SECRET,
				"connect-doctor.records.azure.max-batch-size", "1KB", "connect-doctor.records.trace-max-length",
				"300"))) {
			await().atMost(Duration.ofSeconds(30)).until(() -> records().size() >= 8);
			List<LoggedRequest> sends = this.azure.findAll(postRequestedFor(urlPathEqualTo(INGEST)));
			assertThat(sends).allSatisfy((send) -> {
				assertThat(send.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
				assertThat(send.queryParameter("api-version").firstValue()).isEqualTo("2023-01-01");
				assertThat(send.getBody().length).isLessThanOrEqualTo(1024);
				assertThat(json.readTree(send.getBodyAsString()).isArray()).isTrue();
			});
			assertThat(sends.stream().mapToInt((send) -> json.readTree(send.getBodyAsString()).size()).max().orElse(0))
				.isGreaterThan(1);
			List<JsonNode> records = records();
			assertThat(records).allSatisfy((record) -> assertThat(fieldNames(record)).containsExactly("TimeGenerated",
					"Connector", "Task", "State", "WorkerId", "Trace"));
			JsonNode failedTask = records.stream()
				.filter((record) -> record.path("Connector").stringValue().equals(failing)
						&& record.path("Task").isInt())
				.findFirst()
				.orElseThrow();
			assertThat(failedTask.path("Task").intValue()).isZero();
			assertThat(failedTask.path("State").stringValue()).isEqualTo("FAILED");
			assertThat(failedTask.path("WorkerId").stringValue()).isEqualTo(cluster.task(failing, 0).workerId());
			assertThat(failedTask.path("Trace").stringValue()).contains("Exception").hasSizeLessThanOrEqualTo(303);
			assertThat(Instant.parse(failedTask.path("TimeGenerated").stringValue()))
				.isBetween(Instant.now().minusSeconds(60), Instant.now());
			assertThat(records).anySatisfy((record) -> {
				assertThat(record.path("Connector").stringValue()).isEqualTo(healthy);
				assertThat(record.path("Task").isNull()).isTrue();
				assertThat(record.path("State").stringValue()).isEqualTo("RUNNING");
				assertThat(record.path("Trace").isNull()).isTrue();
			});
			LoggedRequest token = this.azure
				.findAll(postRequestedFor(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token")))
				.get(0);
			assertThat(token.getBodyAsString()).contains("grant_type=client_credentials")
				.contains("client_id=app-id")
				.contains("scope=https%3A%2F%2Fmonitor.azure.com%2F%2F.default")
				.contains("client_secret=" + SECRET);
			// One token for all sends: kept until five minutes before it expires.
			assertThat(this.azure.findAll(postRequestedFor(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token"))))
				.hasSize(1);
			assertThat(output.getAll()).doesNotContain(SECRET).doesNotContain(TOKEN);
		}
	}

	@Test
	void workloadIdentitySendsTheFederatedTokenFileAsItsAssertion(@TempDir Path directory) throws Exception {
		Path tokenFile = directory.resolve("azure-identity-token");
		Files.writeString(tokenFile, "federated.jwt.from-the-kubelet\n");
		this.azure.stubFor(post(urlPathEqualTo(INGEST)).willReturn(aResponse().withStatus(204)));
		try (RunningDoctor doctor = doctor(
				Map.of("connect-doctor.records.azure.federated-token-file", tokenFile.toString()))) {
			await().atMost(Duration.ofSeconds(30)).until(() -> !records().isEmpty());
			LoggedRequest token = this.azure
				.findAll(postRequestedFor(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token")))
				.get(0);
			assertThat(token.getBodyAsString())
				.contains("client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer")
				.endsWith("&client_assertion=federated.jwt.from-the-kubelet")
				.doesNotContain("client_secret");
		}
	}

	@Test
	void tooManyRequestsAndServerErrorsAreRetriedUntilTheRecordsGetThrough() {
		this.azure.stubFor(post(urlPathEqualTo(INGEST)).inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
			.willSetStateTo("throttled"));
		this.azure.stubFor(post(urlPathEqualTo(INGEST)).inScenario("flaky")
			.whenScenarioStateIs("throttled")
			.willReturn(aResponse().withStatus(500)
				.withBody("{\"error\":{\"code\":\"InternalServerError\",\"message\":\"try later\"}}"))
			.willSetStateTo("recovered"));
		this.azure.stubFor(post(urlPathEqualTo(INGEST)).inScenario("flaky")
			.whenScenarioStateIs("recovered")
			.willReturn(aResponse().withStatus(204)));
		try (RunningDoctor doctor = doctor(Map.of("connect-doctor.records.azure.client-secret", SECRET,
				"connect-doctor.records.interval", "2s"))) {
			// The first batch, sent three times.
			await().atMost(Duration.ofSeconds(30)).until(() -> sent(doctor) > 0);
			List<LoggedRequest> sends = this.azure.findAll(postRequestedFor(urlPathEqualTo(INGEST)));
			assertThat(sends).hasSizeGreaterThanOrEqualTo(3);
			assertThat(sends.subList(0, 3)).extracting(LoggedRequest::getBodyAsString)
				.containsOnly(sends.get(0).getBodyAsString());
			assertThat(retries(doctor)).isEqualTo(2);
			assertThat(dropped(doctor)).isZero();
		}
	}

	@Test
	void endpointThatHangsCostsAtMostTheQueueCountedWhilePollsAndProbesKeepTheirPace(CapturedOutput output)
			throws Exception {
		this.azure.stubFor(post(urlPathEqualTo(INGEST)).willReturn(aResponse().withStatus(204).withFixedDelay(5_000)));
		try (RunningDoctor doctor = doctor(
				Map.of("connect-doctor.records.azure.client-secret", SECRET, "connect-doctor.records.azure.queue-size",
						"5", "connect-doctor.records.azure.request-timeout", "500ms"))) {
			await().atMost(Duration.ofSeconds(30)).until(() -> dropped(doctor) >= 20);
			MeterRegistry registry = doctor.context().getBean(MeterRegistry.class);
			assertThat(registry.get("connect.doctor.delivery.queued")
				.tag("target", "azure-logs-ingestion")
				.gauge()
				.value()).isLessThanOrEqualTo(5);
			assertThat(sent(doctor)).isZero();
			// Meanwhile every poll (200 ms apart) and every probe goes on as before.
			ConnectPoller poller = doctor.context().getBean(ConnectPoller.class);
			Instant before = poller.current().attemptedAt();
			List<Integer> probes = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				HttpResponse<String> probe = doctor.get("/healthcheck/" + healthy);
				probes.add(probe.statusCode());
			}
			assertThat(probes).containsOnly(200);
			await().atMost(Duration.ofSeconds(2)).until(() -> poller.current().attemptedAt().isAfter(before));
			assertThat(poller.current().isCurrent()).isTrue();
			assertThat(output.getAll()).contains("Cannot send to azure-logs-ingestion")
				.containsOnlyOnce("The queue of 5 items for azure-logs-ingestion is full");
		}
	}

	private RunningDoctor doctor(Map<String, String> extra) {
		Map<String, String> properties = new HashMap<>();
		properties.put("connect-doctor.connect.url", DemoCluster.url(cluster.workers().get(0)));
		properties.put("connect-doctor.target.mode", "cluster");
		properties.put("connect-doctor.connect.poll-interval", "200ms");
		properties.put("connect-doctor.healing.enabled", "false");
		properties.put("connect-doctor.health.include", failing + "," + healthy);
		properties.put("connect-doctor.records.interval", "300ms");
		properties.put("connect-doctor.records.azure.endpoint", this.azure.baseUrl());
		properties.put("connect-doctor.records.azure.rule-id", RULE);
		properties.put("connect-doctor.records.azure.tenant-id", TENANT);
		properties.put("connect-doctor.records.azure.client-id", "app-id");
		properties.put("connect-doctor.records.azure.authority-host", this.azure.baseUrl());
		properties.putAll(extra);
		return RunningDoctor.start(properties);
	}

	private List<JsonNode> records() {
		List<JsonNode> records = new ArrayList<>();
		for (LoggedRequest send : this.azure.findAll(postRequestedFor(urlPathEqualTo(INGEST)))) {
			json.readTree(send.getBodyAsString()).forEach(records::add);
		}
		return records;
	}

	private static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.propertyNames().forEach(names::add);
		return names;
	}

	private static double sent(RunningDoctor doctor) {
		return items(doctor, "sent");
	}

	private static double dropped(RunningDoctor doctor) {
		return items(doctor, "dropped");
	}

	private static double items(RunningDoctor doctor, String outcome) {
		return doctor.context()
			.getBean(MeterRegistry.class)
			.get("connect.doctor.delivery.items")
			.tags("target", "azure-logs-ingestion", "outcome", outcome)
			.counter()
			.count();
	}

	private static double retries(RunningDoctor doctor) {
		return doctor.context()
			.getBean(MeterRegistry.class)
			.get("connect.doctor.delivery.retries")
			.tag("target", "azure-logs-ingestion")
			.counter()
			.count();
	}

}
