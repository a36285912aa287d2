package io.connectdoctor.settings;

import io.connectdoctor.ConnectDoctorApplication;
import org.junit.jupiter.api.extension.ExtendWith;
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
					--connect-doctor.metrics.max-task-series=-1                       | connect-doctor.metrics.max-task-series
					--connect-doctor.target.mismatch-warning-polls=0                  | connect-doctor.target.mismatch-warning-polls
					--connect-doctor.target.mode=everything                           | connect-doctor.target.mode
					--connect-doctor.target.worker-ids=connect-0:port                 | connect-doctor.target.worker-ids
					--connect-doctor.health.include=orders-(                          | connect-doctor.health.include
					--KAFKA_CONNECT_PORT=0                                            | KAFKA_CONNECT_PORT
					--KAFKA_CONNECT_PROTOCOL=ftp                                      | KAFKA_CONNECT_PROTOCOL
					--LOG_LEVEL=LOUD                                                  | LOG_LEVEL
					""")
	void badSettingStopsStartUpNamingIt(String argument, String setting, CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(ConnectDoctorApplication.class)
			.run("--server.port=0", "--connect-doctor.connect.poll-interval=1h", argument)
			.close());
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains(setting)
			.doesNotContain("topsecret");
	}

}
