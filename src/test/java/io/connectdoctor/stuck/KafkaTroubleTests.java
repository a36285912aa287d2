package io.connectdoctor.stuck;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.connectdoctor.testing.DemoCluster;
import io.connectdoctor.testing.RunningDoctor;
import kafka.server.BrokerServer;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka trouble is not Connect trouble: against a real SASL/PLAIN broker, a wrong
 * password and a stopped broker make the {@code kafka} health component DOWN with a clear
 * reason, while {@code /healthcheck}, liveness and readiness keep answering from Connect;
 * no password reaches an answer or a log line; and the check recovers by itself when the
 * broker is back.
 *
 * @author connect-doctor
 */
@ExtendWith(OutputCaptureExtension.class)
class KafkaTroubleTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String WRONG_PASSWORD = "not-the-password-7f3a";

	private static KafkaClusterTestKit broker;

	private static DemoCluster cluster;

	private static String healthy;

	@BeforeAll
	static void start() throws Exception {
		cluster = DemoCluster.shared();
		healthy = DemoCluster.uniqueName("kafka-trouble-healthy");
		cluster.createHealthySink(healthy);
		broker = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
			.setNumBrokerNodes(1)
			.setNumControllerNodes(1)
			.setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
			.setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
			.build()).setConfigProp("offsets.topic.replication.factor", "1").build();
		broker.format();
		broker.startup();
		broker.waitForReadyBrokers();
	}

	@AfterAll
	static void stop() throws Exception {
		broker.close();
	}

	@Test
	void wrongPasswordIsKafkaDownWithTheReasonAndNeitherTouchesHealthcheckNorPrintsThePassword(CapturedOutput output) {
		try (RunningDoctor doctor = doctor(JaasUtils.KAFKA_PLAIN_ADMIN, WRONG_PASSWORD)) {
			JsonNode kafka = awaitKafka(doctor, "DOWN");
			assertThat(kafka.path("details").path("error").stringValue()).startsWith("not let in: ")
				.contains("SaslAuthenticationException")
				.contains("Authentication failed");
			assertHealthcheckUnaffected(doctor);
			for (String path : new String[] { "/actuator/health", "/actuator/health/kafka", "/actuator/report",
					"/actuator/healing", "/actuator/prometheus" }) {
				assertThat(doctor.get(path).body()).doesNotContain(WRONG_PASSWORD);
			}
		}
		assertThat(output.getAll()).doesNotContain(WRONG_PASSWORD).contains("Stuck-task check: not let in: ");
	}

	@Test
	void stoppedBrokerIsKafkaDownWithTheReasonAndTheCheckRecoversWhenItIsBack() {
		try (RunningDoctor doctor = doctor(JaasUtils.KAFKA_PLAIN_ADMIN, JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD)) {
			awaitKafka(doctor, "UP");

			broker.brokers().values().forEach(BrokerServer::shutdown);
			try {
				JsonNode kafka = awaitKafka(doctor, "DOWN");
				assertThat(kafka.path("details").path("error").stringValue()).startsWith("cannot read Kafka: ")
					.contains("DescribeCluster got no answer within PT2S");
				assertHealthcheckUnaffected(doctor);
			}
			finally {
				broker.brokers().values().forEach(BrokerServer::startup);
			}
			JsonNode back = awaitKafka(doctor, "UP");
			assertThat(back.path("details").has("error")).isFalse();
		}
	}

	private static void assertHealthcheckUnaffected(RunningDoctor doctor) {
		assertThat(doctor.get("/healthcheck").statusCode()).isEqualTo(200);
		assertThat(doctor.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(doctor.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(doctor.get("/actuator/health/tasks").statusCode()).isEqualTo(200);
	}

	private static JsonNode awaitKafka(RunningDoctor doctor, String status) {
		HttpResponse<String> response = await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> doctor.get("/actuator/health/kafka"),
					(r) -> json.readTree(r.body()).path("status").stringValue().equals(status));
		assertThat(response.statusCode()).isEqualTo(status.equals("UP") ? 200 : 503);
		return json.readTree(response.body());
	}

	private static RunningDoctor doctor(String user, String password) {
		Map<String, String> properties = new HashMap<>();
		properties.put("connect-doctor.connect.url", DemoCluster.url(cluster.workers().get(0)));
		properties.put("connect-doctor.target.mode", "cluster");
		properties.put("connect-doctor.connect.poll-interval", "200ms");
		properties.put("connect-doctor.health.include", healthy);
		properties.put("connect-doctor.healing.include", healthy);
		properties.put("connect-doctor.kafka.bootstrap-servers", broker.bootstrapServers());
		properties.put("connect-doctor.kafka.properties.security.protocol", "SASL_PLAINTEXT");
		properties.put("connect-doctor.kafka.properties.sasl.mechanism", "PLAIN");
		properties.put("connect-doctor.kafka.properties.sasl.jaas.config",
				"org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
						+ password + "\";");
		properties.put("connect-doctor.stuck.interval", "500ms");
		properties.put("connect-doctor.stuck.after", "5s");
		properties.put("connect-doctor.stuck.request-timeout", "2s");
		return RunningDoctor.start(properties);
	}

}
