package io.connectdoctor.settings;

import java.util.ArrayList;
import java.util.List;

import io.connectdoctor.ConnectDoctorApplication;
import io.connectdoctor.testing.DemoCluster;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A wrong setting stops start-up with a message that names it, and never prints a
 * password.
 *
 * @author connect-doctor
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupValidationTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					--connect-doctor.connect.url=ftp://connect-0:8083                | connect-doctor.connect.url
					--connect-doctor.connect.url=http://user:topsecret@             | connect-doctor.connect.url
					--connect-doctor.connect.ssl.trust-store=/no/such/truststore.p12  | connect-doctor.connect.ssl.trust-store
					--connect-doctor.connect.status-concurrency=0                     | connect-doctor.connect.status-concurrency
					--connect-doctor.connect.poll-interval=0s                         | connect-doctor.connect.poll-interval
					--connect-doctor.connect.connect-timeout=0s                       | connect-doctor.connect.connect-timeout
					--connect-doctor.connect.url=                                     | connect-doctor.connect.url
					--connect-doctor.healing.max-restarts=-2                          | connect-doctor.healing.max-restarts
					--connect-doctor.healing.multiplier=0.5                           | connect-doctor.healing.multiplier
					--connect-doctor.healing.jitter=1.5                               | connect-doctor.healing.jitter
					--connect-doctor.healing.restart-concurrency=65                   | connect-doctor.healing.restart-concurrency
					--connect-doctor.health.trace-max-length=-1                       | connect-doctor.health.trace-max-length
					--connect-doctor.health.grace-period=-1s                          | connect-doctor.health.grace-period
					--server.port=0                                                   | server.port
					--server.port=-1                                                  | server.port
					--server.port=70000                                               | server.port
					--management.server.port=0                                        | management.server.port
					--connect-doctor.connect.max-response-size=2GB                    | connect-doctor.connect.max-response-size
					--connect-doctor.connect.max-response-size=4GB                    | connect-doctor.connect.max-response-size
					--connect-doctor.connect.connect-timeout=30d                      | connect-doctor.connect.connect-timeout
					--connect-doctor.healing.max-restarts-per-minute=0                | connect-doctor.healing.max-restarts-per-minute
					--connect-doctor.healing.outage-threshold=1.5                     | connect-doctor.healing.outage-threshold
					--connect-doctor.healing.outage-min-units=0                       | connect-doctor.healing.outage-min-units
					--connect-doctor.healing.interval=0s                              | connect-doctor.healing.interval
					--connect-doctor.healing.quarantine-patterns=(unclosed            | connect-doctor.healing.quarantine-patterns
					--connect-doctor.connect.ssl.bundle=nope                          | connect-doctor.connect.ssl.bundle
					--connect-doctor.metrics.max-task-series=-1                       | connect-doctor.metrics.max-task-series
					--connect-doctor.target.mismatch-warning-polls=0                  | connect-doctor.target.mismatch-warning-polls
					--connect-doctor.target.mode=everything                           | connect-doctor.target.mode
					--connect-doctor.target.worker-ids=connect-0:port                 | connect-doctor.target.worker-ids
					--connect-doctor.health.include=orders-(                          | connect-doctor.health.include
					--KAFKA_CONNECT_PORT=0                                            | KAFKA_CONNECT_PORT
					--KAFKA_CONNECT_PROTOCOL=ftp                                      | KAFKA_CONNECT_PROTOCOL
					--LOG_LEVEL=LOUD                                                  | LOG_LEVEL
					--connect-doctor.kafka.properties.security.protocol=SSL           | connect-doctor.kafka.bootstrap-servers
					--connect-doctor.kafka.properties.bootstrap.servers=kafka:9092    | connect-doctor.kafka.properties.bootstrap.servers
					--connect-doctor.stuck.after=10s                                  | connect-doctor.stuck.after
					--connect-doctor.stuck.interval=0s                                | connect-doctor.stuck.interval
					--connect-doctor.stuck.source-include=jdbc-(                      | connect-doctor.stuck.source-include
					--connect-doctor.records.interval=0s                              | connect-doctor.records.interval
					--connect-doctor.records.azure.endpoint=https://dce-1.westeurope-1.ingest.monitor.azure.com | connect-doctor.records.interval
					--connect-doctor.records.azure.max-batch-size=2MB                 | connect-doctor.records.azure.max-batch-size
					--connect-doctor.records.azure.queue-size=0                       | connect-doctor.records.azure.queue-size
					--connect-doctor.webhook.url=ftp://hooks.example.com/topsecret    | connect-doctor.webhook.url
					--connect-doctor.webhook.events=restart,reboot                    | connect-doctor.webhook.events
					--connect-doctor.webhook.max-per-minute=0                         | connect-doctor.webhook.max-per-minute
					--connect-doctor.webhook.format=xml                               | connect-doctor.webhook.format
					""")
	void badSettingStopsStartUpNamingIt(String argument, String setting, CapturedOutput output) {
		List<String> arguments = new ArrayList<>(List.of("--connect-doctor.connect.poll-interval=1h", argument));
		if (!argument.startsWith("--server.port")) {
			arguments.add(0, "--server.port=" + DemoCluster.freePort());
		}
		assertThatException().isThrownBy(
				() -> new SpringApplicationBuilder(ConnectDoctorApplication.class).run(arguments.toArray(String[]::new))
					.close());
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains(setting)
			.doesNotContain("topsecret");
	}

	@Test
	void kafkaClientSettingKafkaRefusesStopsStartUpNamingItWithoutItsSecrets(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(ConnectDoctorApplication.class).run(
				"--server.port=" + DemoCluster.freePort(), "--connect-doctor.connect.poll-interval=1h",
				"--connect-doctor.kafka.bootstrap-servers=kafka:9092",
				"--connect-doctor.kafka.properties.security.protocol=SASL_TLS",
				"--connect-doctor.kafka.properties.sasl.jaas.config=PlainLoginModule required password=\"topsecret\";")
			.close());
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("Invalid setting connect-doctor.kafka.properties")
			.contains("security.protocol")
			.doesNotContain("topsecret");
	}

	@Test
	void azureWithoutASecretOrATokenFileStopsStartUpNamingWhatIsMissing(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(ConnectDoctorApplication.class)
			.run("--server.port=" + DemoCluster.freePort(), "--connect-doctor.connect.poll-interval=1h",
					"--connect-doctor.records.interval=5m",
					"--connect-doctor.records.azure.endpoint=https://dce-1.westeurope-1.ingest.monitor.azure.com",
					"--connect-doctor.records.azure.rule-id=dcr-00000000000000000000000000000000",
					"--connect-doctor.records.azure.tenant-id=tenant", "--connect-doctor.records.azure.client-id=app")
			.close());
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("Invalid setting connect-doctor.records.azure.client-secret")
			.contains("federated-token-file");
	}

	@Test
	void badSettingPrintsItsOneMessageBeforeAnythingStarts(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(ConnectDoctorApplication.class)
			.run("--server.port=" + DemoCluster.freePort(), "--connect-doctor.healing.jitter=1.5")
			.close());
		assertThat(output.getAll()).contains("Invalid setting connect-doctor.healing.jitter")
			.doesNotContain("Polling Kafka Connect")
			.doesNotContain("Cannot read Kafka Connect")
			.doesNotContain("Tomcat");
		assertThat(output.getAll().lines().filter((line) -> !line.isBlank())).hasSizeLessThan(15);
	}

}
