package io.connectdoctor.webhook;

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
import io.connectdoctor.connect.UnitId;
import io.connectdoctor.healing.HealingEvent;
import io.connectdoctor.testing.DemoCluster;
import io.connectdoctor.testing.RunningDoctor;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Healing events POSTed to a webhook (WireMock standing in for Slack or Teams) by doctors
 * healing a real Connect cluster: the events and their Slack/Teams text, several events
 * in one POST when they come faster than the rate limit, and a webhook that fails costing
 * at most its queue, counted, while polls and probes keep their pace. The URL, which
 * carries the webhook's secret, is never logged.
 *
 * @author connect-doctor
 */
@ExtendWith(OutputCaptureExtension.class)
class WebhookNotificationsTests {

	private static final String PATH = "/services/T0001/B0002/webhook-secret-XYZ";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static DemoCluster cluster;

	private WireMockServer webhook;

	@BeforeAll
	static void startCluster() {
		cluster = DemoCluster.shared();
	}

	@BeforeEach
	void startWebhook() {
		this.webhook = new WireMockServer(WireMockConfiguration.options().dynamicPort());
		this.webhook.start();
	}

	@AfterEach
	void stopWebhook() {
		this.webhook.stop();
	}

	@Test
	void restartAndGiveUpArePostedWithTheirFieldsAndASlackText(CapturedOutput output) {
		this.webhook.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
		String name = DemoCluster.uniqueName("webhook-gives-up");
		cluster.createFailingSink(name);
		cluster.awaitTaskState(name, 0, "FAILED");
		try (RunningDoctor doctor = doctor(name, Map.of("connect-doctor.healing.max-restarts", "1"))) {
			await().atMost(Duration.ofSeconds(30)).until(() -> actions().contains("give-up"));
			List<JsonNode> events = events();
			JsonNode restart = events.stream()
				.filter((event) -> event.path("action").stringValue().equals("restart"))
				.findFirst()
				.orElseThrow();
			assertThat(restart.path("connector").stringValue()).isEqualTo(name);
			assertThat(restart.path("task").intValue()).isZero();
			assertThat(restart.path("attempt").intValue()).isOne();
			assertThat(restart.path("reason").stringValue()).isEqualTo("FAILED");
			assertThat(restart.path("source").stringValue()).isNotBlank();
			assertThat(Instant.parse(restart.path("at").stringValue())).isBefore(Instant.now());
			assertThat(texts())
				.anySatisfy((text) -> assertThat(text).contains(": restart " + name + "/task-0 (attempt 1): FAILED"));
			assertThat(texts()).anySatisfy((text) -> assertThat(text)
				.contains(": give-up " + name + "/task-0 (attempt 1): still FAILED after 1 restarts (limit 1)"));
			assertThat(output.getAll()).doesNotContain("webhook-secret-XYZ");
		}
	}

	@Test
	void eventsFasterThanTheRateLimitGoTogetherInOnePost() {
		this.webhook.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)));
		String name = DemoCluster.uniqueName("webhook-rate");
		cluster.createFailingSink(name, 4);
		for (int task = 0; task < 4; task++) {
			cluster.awaitTaskState(name, task, "FAILED");
		}
		// One POST every 10 s at most: 4 restarts and 4 give-ups come within a few
		// seconds.
		try (RunningDoctor doctor = doctor(name,
				Map.of("connect-doctor.healing.max-restarts", "1", "connect-doctor.webhook.max-per-minute", "6"))) {
			await().atMost(Duration.ofSeconds(40))
				.until(() -> actions().stream().filter("give-up"::equals).count() == 4);
			List<LoggedRequest> posts = this.webhook.findAll(postRequestedFor(urlPathEqualTo(PATH)));
			assertThat(posts).hasSizeLessThanOrEqualTo(4);
			assertThat(posts).anySatisfy(
					(post) -> assertThat(json.readTree(post.getBodyAsString()).path("events").size()).isGreaterThan(1));
			assertThat(actions().stream().filter("restart"::equals).count()).isEqualTo(4);
		}
	}

	@Test
	void tooManyRequestsAndServerErrorsAreRetriedUntilTheEventGetsThrough() {
		this.webhook.stubFor(post(urlPathEqualTo(PATH)).inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
			.willSetStateTo("throttled"));
		this.webhook.stubFor(post(urlPathEqualTo(PATH)).inScenario("flaky")
			.whenScenarioStateIs("throttled")
			.willReturn(aResponse().withStatus(500))
			.willSetStateTo("recovered"));
		this.webhook.stubFor(post(urlPathEqualTo(PATH)).inScenario("flaky")
			.whenScenarioStateIs("recovered")
			.willReturn(aResponse().withStatus(200)));
		String name = DemoCluster.uniqueName("webhook-flaky");
		cluster.createFailingSink(name);
		cluster.awaitTaskState(name, 0, "FAILED");
		try (RunningDoctor doctor = doctor(name,
				Map.of("connect-doctor.healing.max-restarts", "1", "connect-doctor.webhook.events", "give-up"))) {
			MeterRegistry registry = doctor.context().getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> registry.get("connect.doctor.delivery.items")
					.tags("target", "webhook", "outcome", "sent")
					.counter()
					.count() == 1);
			List<LoggedRequest> posts = this.webhook.findAll(postRequestedFor(urlPathEqualTo(PATH)));
			assertThat(posts).hasSize(3);
			assertThat(posts).extracting(LoggedRequest::getBodyAsString).containsOnly(posts.get(0).getBodyAsString());
			assertThat(registry.get("connect.doctor.delivery.retries").tag("target", "webhook").counter().count())
				.isEqualTo(2);
		}
	}

	@Test
	void failingWebhookCostsAtMostItsQueueCountedWhilePollsAndProbesKeepTheirPace(CapturedOutput output) {
		this.webhook.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503)));
		String name = DemoCluster.uniqueName("webhook-down");
		cluster.createFailingSink(name, 3);
		for (int task = 0; task < 3; task++) {
			cluster.awaitTaskState(name, task, "FAILED");
		}
		try (RunningDoctor doctor = doctor(name,
				Map.of("connect-doctor.healing.max-restarts", "-1", "connect-doctor.webhook.queue-size", "3",
						"connect-doctor.webhook.events", "restart,restart-failed,restart-conflict"))) {
			MeterRegistry registry = doctor.context().getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> registry.get("connect.doctor.delivery.items")
					.tags("target", "webhook", "outcome", "dropped")
					.counter()
					.count() >= 5);
			assertThat(registry.get("connect.doctor.delivery.queued").tag("target", "webhook").gauge().value())
				.isLessThanOrEqualTo(3);
			assertThat(registry.get("connect.doctor.delivery.retries").tag("target", "webhook").counter().count())
				.isPositive();
			ConnectPoller poller = doctor.context().getBean(ConnectPoller.class);
			Instant before = poller.current().attemptedAt();
			List<Integer> probes = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				probes.add(doctor.get("/healthcheck/" + name).statusCode());
			}
			// Being healed: the probe says 200.
			assertThat(probes).containsOnly(200);
			await().atMost(Duration.ofSeconds(2)).until(() -> poller.current().attemptedAt().isAfter(before));
			assertThat(output.getAll()).contains("Cannot send to webhook: the webhook answered 503")
				.doesNotContain("webhook-secret-XYZ");
		}
	}

	@Test
	void textIsOneLinePerEventWithSlacksSpecialCharactersEscaped() {
		HealingEvent event = new HealingEvent(Instant.parse("2026-11-30T10:00:00Z"), "quarantine",
				new UnitId("orders<sink>&co\nforged line", 2), "trace matches Unrecoverable\n\tat x.Y", 3, null);
		JsonNode body = json.readTree(WebhookNotifier.body(List.of(event, event), "doctor-0", false));
		assertThat(body.path("text").stringValue()).isEqualTo(
				"connect-doctor on doctor-0: quarantine orders&lt;sink&gt;&amp;co forged line/task-2 (attempt 3): trace "
						+ "matches Unrecoverable \tat x.Y\nconnect-doctor on doctor-0: quarantine orders&lt;sink&gt;&amp;co "
						+ "forged line/task-2 (attempt 3): trace matches Unrecoverable \tat x.Y");
		assertThat(body.path("events").get(0).path("connector").stringValue())
			.isEqualTo("orders<sink>&co\nforged line");
		assertThat(json.readTree(WebhookNotifier.body(List.of(event), "doctor-0", true)).propertyNames())
			.containsExactly("text");
	}

	private RunningDoctor doctor(String connector, Map<String, String> extra) {
		Map<String, String> properties = new HashMap<>();
		properties.put("connect-doctor.connect.url", DemoCluster.url(cluster.workers().get(0)));
		properties.put("connect-doctor.target.mode", "cluster");
		properties.put("connect-doctor.connect.poll-interval", "200ms");
		properties.put("connect-doctor.health.include", connector);
		properties.put("connect-doctor.healing.include", connector);
		properties.put("connect-doctor.healing.initial-backoff", "300ms");
		properties.put("connect-doctor.healing.max-backoff", "300ms");
		properties.put("connect-doctor.healing.jitter", "0");
		properties.put("connect-doctor.webhook.url", this.webhook.baseUrl() + PATH);
		properties.putAll(extra);
		return RunningDoctor.start(properties);
	}

	private List<JsonNode> events() {
		List<JsonNode> events = new ArrayList<>();
		for (LoggedRequest post : this.webhook.findAll(postRequestedFor(urlPathEqualTo(PATH)))) {
			json.readTree(post.getBodyAsString()).path("events").forEach(events::add);
		}
		return events;
	}

	private List<String> actions() {
		return events().stream().map((event) -> event.path("action").stringValue()).toList();
	}

	private List<String> texts() {
		return this.webhook.findAll(postRequestedFor(urlPathEqualTo(PATH)))
			.stream()
			.map((post) -> json.readTree(post.getBodyAsString()).path("text").stringValue())
			.toList();
	}

}
