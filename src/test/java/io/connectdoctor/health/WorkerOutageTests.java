package io.connectdoctor.health;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.connectdoctor.testing.DemoCluster;
import io.connectdoctor.testing.RunningDoctor;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real worker stops and comes back at the same address: the doctor answers 503 with a
 * JSON reason within a second, stays live, and recovers by itself.
 *
 * @author connect-doctor
 */
class WorkerOutageTests {

	@Test
	void stoppedWorkerGives503WithReasonWithinASecondAndDoctorRecoversWhenItIsBack() {
		DemoCluster cluster = DemoCluster.shared();
		int port = DemoCluster.freePort();
		WorkerHandle worker = cluster.startStandaloneWorker("outage-worker", port);
		try (RunningDoctor doctor = RunningDoctor.start(Map.of("connect-doctor.connect.url", "http://localhost:" + port,
				"connect-doctor.connect.poll-interval", "200ms"))) {
			HealthcheckOnConnectClusterTests.awaitStatus(doctor, "/healthcheck", 200);

			worker.stop();
			HttpResponse<String> down = await().atMost(Duration.ofSeconds(1))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> doctor.get("/healthcheck"), (response) -> response.statusCode() == 503);
			assertThat(down.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
			assertThat(HealthcheckOnConnectClusterTests.read(down).path("error").stringValue())
				.contains("Kafka Connect unreachable");
			assertThat(doctor.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
			assertThat(doctor.get("/actuator/health/readiness").statusCode()).isEqualTo(503);

			worker = cluster.startStandaloneWorker("outage-worker", port);
			HealthcheckOnConnectClusterTests.awaitStatus(doctor, "/healthcheck", 200);
			assertThat(doctor.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		}
		finally {
			worker.stop();
		}
	}

}
