package io.connectdoctor.metrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.connectdoctor.testing.DemoCluster;
import io.connectdoctor.testing.RunningDoctor;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/prometheus} and {@code /actuator/report} of a real doctor beside a
 * real worker whose task fails.
 *
 * @author connect-doctor
 */
class MetricsOnConnectClusterTests {

	private static final Path FILES = Path.of("helm", "connect-doctor", "files");

	@Test
	void failedTaskIsScrapedAtOneForFailedRestartsAreCountedAndSeriesGoWithTheConnector() throws Exception {
		DemoCluster cluster = DemoCluster.shared();
		String name = DemoCluster.uniqueName("metrics-failing");
		cluster.createFailingSink(name);
		String owner = cluster.awaitTaskState(name, 0, "FAILED").workerId();
		WorkerHandle worker = cluster.worker(owner);
		// A running sink too, and the stuck-task check on, so the scrape has every family
		// the rules and the
		// dashboard use (the lag of a sink's consumer group among them).
		cluster.createHealthySink(DemoCluster.uniqueName("metrics-running"));
		try (RunningDoctor doctor = RunningDoctor
			.start(Map.of("connect-doctor.connect.url", DemoCluster.url(worker), "connect-doctor.target.mode",
					"cluster", "connect-doctor.connect.poll-interval", "200ms", "connect-doctor.healing.include", name,
					"connect-doctor.healing.max-restarts", "1", "connect-doctor.healing.initial-backoff", "200ms",
					"connect-doctor.kafka.bootstrap-servers", cluster.connect().kafka().bootstrapServers(),
					"connect-doctor.stuck.interval", "500ms", "connect-doctor.stuck.after", "5s"))) {
			String failed = "connect_task_state{connector=\"" + name + "\",state=\"failed\",task=\"0\",worker=\""
					+ owner + "\"} 1.0";
			String restarts = "connect_doctor_healing_restarts_total{connector=\"" + name
					+ "\",kind=\"task\",outcome=\"accepted\"} 1.0";
			String gaveUp = "connect_doctor_healing_unit_failing_since_seconds{connector=\"" + name
					+ "\",state=\"given_up\",task=\"0\"}";
			// The scrape that writes the per-unit series once per poll is the one served.
			assertThat(doctor.context()
				.getBean(
						org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint.class))
				.isInstanceOf(UnitSeriesScrapeEndpoint.class);
			String scrape = await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> doctor.get("/actuator/prometheus").body(), (body) -> body.contains(failed)
						&& body.contains(restarts) && body.contains(gaveUp) && body.contains("connect_connector_lag{"));
			assertThat(scrape).contains("connect_task_state{connector=\"" + name
					+ "\",state=\"running\",task=\"0\",worker=\"" + owner + "\"} 0.0");
			assertThat(scrape).contains("connect_doctor_connect_reachable 1.0");
			assertThat(scrape).contains("connect_doctor_worker_status{source=\"kip_1017\",status=\"healthy\"} 1.0");
			assertThat(metricNames(scrape)).containsAll(metricsUsedBy(FILES.resolve("connect-doctor-alerts.yaml")))
				.containsAll(metricsUsedBy(FILES.resolve("connect-doctor-dashboard.json")));

			JsonNode report = JsonMapper.builder().build().readTree(doctor.get("/actuator/report").body());
			JsonNode entry = report.path("connectors")
				.valueStream()
				.filter((c) -> c.path("name").stringValue().equals(name))
				.findFirst()
				.orElseThrow();
			assertThat(entry.at("/tasks/failed").intValue()).isEqualTo(1);
			assertThat(entry.path("failed").booleanValue()).isTrue();
			assertThat(entry.at("/failedUnits/0/trace").stringValue()).contains("Couldn't find or create file");
			assertThat(entry.at("/failedUnits/0/healing/state").stringValue()).isEqualTo("GIVEN_UP");
			assertThat(report.at("/totals/connectors").intValue()).isGreaterThanOrEqualTo(1);

			cluster.connect().deleteConnector(name);
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> doctor.get("/actuator/prometheus").body(),
						(body) -> !body.contains("connector=\"" + name + "\""));
		}
	}

	private static Set<String> metricNames(String scrape) {
		Set<String> names = new TreeSet<>();
		for (String line : scrape.split("\n")) {
			if (!line.startsWith("#") && !line.isBlank()) {
				names.add(line.split("[{ ]", 2)[0]);
			}
		}
		return names;
	}

	private static Set<String> metricsUsedBy(Path file) throws Exception {
		Set<String> names = new TreeSet<>();
		Matcher matcher = Pattern.compile("\\b(connect_[a-z_]+)").matcher(Files.readString(file));
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		assertThat(names).as(file.toString()).isNotEmpty();
		return names;
	}

}
