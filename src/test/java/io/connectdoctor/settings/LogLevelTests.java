package io.connectdoctor.settings;

import java.time.Duration;
import java.util.Map;

import io.connectdoctor.testing.DemoCluster;
import io.connectdoctor.testing.RunningDoctor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Doctor Kafka Connect's {@code LOG_LEVEL} changes what a user sees: {@code DEBUG} adds a
 * line per poll, {@code WARN} leaves out the start-up lines and keeps the warnings.
 *
 * @author connect-doctor
 */
@ExtendWith(OutputCaptureExtension.class)
class LogLevelTests {

	private static final String NOWHERE = "http://127.0.0.1:" + DemoCluster.freePort();

	@Test
	void debugShowsEveryPoll(CapturedOutput output) {
		try (RunningDoctor doctor = RunningDoctor.start(Map.of("LOG_LEVEL", "DEBUG", "connect-doctor.connect.url",
				NOWHERE, "connect-doctor.connect.poll-interval", "100ms"))) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> output.getOut()
					.lines()
					.filter((line) -> line.contains("Poll of " + NOWHERE))
					.count() >= 3);
			assertThat(output.getOut()).contains("DEBUG").contains("connection refused");
		}
	}

	@Test
	void warnLeavesOutTheInformationAndKeepsTheWarning(CapturedOutput output) {
		try (RunningDoctor doctor = RunningDoctor.start(Map.of("LOG_LEVEL", "WARN", "connect-doctor.connect.url",
				NOWHERE, "connect-doctor.connect.poll-interval", "100ms"))) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> output.getOut().contains("Cannot read Kafka Connect at " + NOWHERE));
			assertThat(output.getOut()).doesNotContain("Polling Kafka Connect at").doesNotContain("Poll of " + NOWHERE);
		}
	}

}
