package io.connectdoctor.health;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.connectdoctor.testing.DemoCluster;
import io.connectdoctor.testing.RunningDoctor;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * KIP-1017 on a real worker that loses its brokers: the worker's own {@code GET /health}
 * answers 500 with its message once its herder is stuck (after Kafka's own 10 s wait),
 * and {@code /actuator/health/worker} says DOWN with that message instead of timing out.
 * A cluster of its own: stopping the shared cluster's broker would stop every other test.
 *
 * @author connect-doctor
 */
class WorkerLosesItsBrokersTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void brokersStoppedGiveDownWithTheWorkersOwnMessage() {
		Map<String, String> workerProps = new HashMap<>();
		workerProps.put("plugin.discovery", "service_load");
		EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder().name("connect-doctor-brokers-lost")
			.numWorkers(1)
			.numBrokers(1)
			.workerProps(workerProps)
			.build();
		cluster.start();
		try (RunningDoctor doctor = RunningDoctor
			.start(Map.of("connect-doctor.connect.url", DemoCluster.url(cluster.workers().iterator().next()),
					"connect-doctor.connect.poll-interval", "500ms"))) {
			await().atMost(Duration.ofSeconds(60))
				.until(() -> doctor.get("/actuator/health/worker").statusCode() == 200);

			cluster.kafka().stopOnlyBrokers();
			HttpResponse<String> down = await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> doctor.get("/actuator/health/worker"),
						(response) -> worker(response).path("details").path("status").asString("").equals("UNHEALTHY"));
			assertThat(down.statusCode()).isEqualTo(503);
			JsonNode health = worker(down);
			assertThat(health.path("status").stringValue()).isEqualTo("DOWN");
			assertThat(health.path("details").path("source").stringValue()).isEqualTo("kip-1017");
			// The worker's own words, not a time-out of ours.
			assertThat(health.path("details").path("message").stringValue())
				.startsWith("Worker was unable to handle this request");
			// The doctor itself stays live, and its reads, each waiting 10 s for the
			// worker's answer, are not stale.
			assertThat(doctor.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
			assertThat(doctor.get("/actuator/health/readiness").statusCode()).isEqualTo(200);

			cluster.kafka().restartOnlyBrokers();
			await().atMost(Duration.ofSeconds(90))
				.until(() -> doctor.get("/actuator/health/worker").statusCode() == 200);
		}
		finally {
			cluster.stop();
		}
	}

	private static JsonNode worker(HttpResponse<String> response) {
		return json.readTree(response.body()).path("components").path("connectWorker");
	}

}
