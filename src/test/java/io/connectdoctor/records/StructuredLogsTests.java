package io.connectdoctor.records;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.connectdoctor.testing.DemoCluster;
import io.connectdoctor.testing.RunningDoctor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Spring Boot's structured logging ({@code logging.structured.format.console=ecs}),
 * every healing decision and every status record is one JSON event with its values as
 * fields, on a real Connect cluster; a trace's line breaks stay inside its field. (The
 * test JVM's own {@code logback-test.xml} keeps a text console, so the test names the
 * Logback file equivalent to what Boot sets up by itself for the property.)
 *
 * @author connect-doctor
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void healingDecisionsAndStatusRecordsAreJsonEventsWithTheirFields(CapturedOutput output) {
		DemoCluster cluster = DemoCluster.shared();
		String name = DemoCluster.uniqueName("structured");
		cluster.createFailingSink(name);
		String worker = cluster.awaitTaskState(name, 0, "FAILED").workerId();
		try (RunningDoctor doctor = RunningDoctor.start(Map.of("logging.structured.format.console", "ecs",
				"logging.config", "classpath:logback-structured-test.xml", "connect-doctor.connect.url",
				DemoCluster.url(cluster.workers().get(0)), "connect-doctor.target.mode", "cluster",
				"connect-doctor.connect.poll-interval", "200ms", "connect-doctor.health.include", name,
				"connect-doctor.healing.include", name, "connect-doctor.healing.max-restarts", "1",
				"connect-doctor.healing.initial-backoff", "300ms", "connect-doctor.records.interval", "300ms"))) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> event(output, "healing", "give-up", name).isPresent()
						&& failedRecord(output, name).isPresent());
			JsonNode restart = event(output, "healing", "restart", name).orElseThrow();
			assertThat(restart.path("task").intValue()).isZero();
			assertThat(restart.path("attempt").intValue()).isOne();
			assertThat(restart.path("reason").stringValue()).isEqualTo("FAILED");
			assertThat(restart.path("nextAttempt").stringValue()).isNotBlank();
			assertThat(restart.path("log").path("level").stringValue()).isEqualTo("INFO");
			JsonNode status = failedRecord(output, name).orElseThrow();
			assertThat(status.path("task").intValue()).isZero();
			assertThat(status.path("workerId").stringValue()).isEqualTo(worker);
			assertThat(status.path("timeGenerated").stringValue()).isNotBlank();
			// The event was read from one line: the trace's line breaks are inside a JSON
			// string.
			assertThat(status.path("trace").stringValue()).contains("\n\tat ");
		}
	}

	private static Optional<JsonNode> failedRecord(CapturedOutput output, String connector) {
		return events(output).stream()
			.filter((event) -> "status".equals(event.path("kind").asString(""))
					&& connector.equals(event.path("connector").asString("")) && event.path("task").isInt()
					&& "FAILED".equals(event.path("state").asString("")))
			.findFirst();
	}

	private static List<JsonNode> events(CapturedOutput output) {
		return output.getOut().lines().filter((line) -> line.startsWith("{")).map(json::readTree).toList();
	}

	private static Optional<JsonNode> event(CapturedOutput output, String kind, String action, String connector) {
		for (JsonNode event : events(output)) {
			if (kind.equals(event.path("kind").asString("")) && connector.equals(event.path("connector").asString(""))
					&& (action == null || action.equals(event.path("action").asString("")))) {
				return Optional.of(event);
			}
		}
		return Optional.empty();
	}

}
