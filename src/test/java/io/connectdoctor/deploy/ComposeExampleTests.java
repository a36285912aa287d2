package io.connectdoctor.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.connectdoctor.settings.LegacyEnvironmentPostProcessor;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Compose example cannot be run here (no Docker engine), so what can go wrong in it
 * is checked: each worker's healthcheck asks the doctor that targets that very worker, on
 * the port that doctor listens on, and every doctor's environment is accepted by
 * connect-doctor.
 *
 * @author connect-doctor
 */
@SuppressWarnings("unchecked")
class ComposeExampleTests {

	@Test
	void eachWorkersHealthcheckAsksTheDoctorTargetingItOnThatDoctorsPort() throws Exception {
		Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docs/examples/docker-compose.yaml")));
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
		for (String workerName : List.of("connect-0", "connect-1")) {
			Map<String, Object> worker = services.get(workerName);
			Map<String, Object> workerEnv = (Map<String, Object>) worker.get("environment");
			String workerId = workerEnv.get("CONNECT_REST_ADVERTISED_HOST_NAME") + ":"
					+ workerEnv.get("CONNECT_REST_ADVERTISED_PORT");
			List<String> test = (List<String>) ((Map<String, Object>) worker.get("healthcheck")).get("test");
			String url = test.get(test.size() - 1);
			String doctorName = url.replaceAll("^http://([^:]+):.*$", "$1");
			Map<String, Object> doctorEnv = (Map<String, Object>) services.get(doctorName).get("environment");
			assertThat(url)
				.isEqualTo("http://" + doctorName + ":" + doctorEnv.get("HEALTHCHECK_PORT") + "/healthcheck");
			assertThat(doctorEnv.get("KAFKA_CONNECT_TARGET_WORKER_IDS")).isEqualTo(workerId);
			assertThat(doctorEnv.get("KAFKA_CONNECT_HOSTNAME") + ":" + doctorEnv.get("KAFKA_CONNECT_PORT"))
				.isEqualTo(workerName + ":" + workerEnv.get("CONNECT_REST_PORT"));
			Map<String, Object> mapped = LegacyEnvironmentPostProcessor
				.map((name) -> (doctorEnv.get(name) != null) ? String.valueOf(doctorEnv.get(name)) : null);
			assertThat(mapped).containsEntry("server.port", String.valueOf(doctorEnv.get("HEALTHCHECK_PORT")))
				.containsEntry("connect-doctor.connect.url",
						"http://" + workerName + ":" + workerEnv.get("CONNECT_REST_PORT"));
		}
	}

	@Test
	void theStandaloneDoctorIsConnectorGuardiansPlaceAndTheOnlyOneThatHeals() throws Exception {
		Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docs/examples/docker-compose.yaml")));
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
		for (String sidecar : List.of("doctor-0", "doctor-1")) {
			assertThat(((Map<String, Object>) services.get(sidecar).get("environment")))
				.containsEntry("CONNECT_DOCTOR_HEALING_ENABLED", "false");
		}
		Map<String, Object> env = (Map<String, Object>) services.get("doctor-cluster").get("environment");
		assertThat(env).doesNotContainKey("CONNECT_DOCTOR_HEALING_ENABLED")
			.containsEntry("CONNECT_DOCTOR_TARGET_MODE", "cluster")
			.containsEntry("CONNECT_DOCTOR_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
		Map<String, Object> mapped = LegacyEnvironmentPostProcessor
			.map((name) -> (env.get(name) != null) ? String.valueOf(env.get(name)) : null);
		assertThat(mapped).containsEntry("connect-doctor.connect.url", "http://connect-0:8083")
			.containsEntry("connect-doctor.healing.max-restarts", "5");
		assertThat(services.get("doctor-cluster").get("ports"))
			.isEqualTo(List.of(env.get("SERVER_PORT") + ":" + env.get("SERVER_PORT")));
		Map<String, Object> kafka = (Map<String, Object>) services.get("kafka").get("environment");
		assertThat(String.valueOf(kafka.get("KAFKA_ADVERTISED_LISTENERS"))).contains("//kafka:9092");
	}

}
