package io.connectdoctor.neighbours;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.connectdoctor.testing.DemoCluster;
import io.connectdoctor.testing.RunningDoctor;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus (Debian's {@code prometheus}, which {@code .ci/run} installs) scrapes
 * a real doctor beside a real worker whose task fails, runs the shipped alert rules (a
 * copy with every {@code for:} shortened to 5 s; the expressions are the shipped ones)
 * and every query of the shipped Grafana dashboard.
 *
 * @author connect-doctor
 */
class PrometheusTests {

	private static final Path FILES = Path.of("helm", "connect-doctor", "files");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	/** Dashboard queries that are empty here, and why. */
	private static final Map<String, String> EMPTY_HERE = Map.of("connect_connector_state{state=\"failed\"} == 1",
			"no connector instance fails in this cluster, only tasks (an instance failing is shown by the "
					+ "\"Connectors failed\" stat, which sums to 0 here)",
			"connect_connector_state{state!~\"running|paused|stopped\"} == 1",
			"no connector instance fails here, only tasks (the \"Tasks not RUNNING\" table lists the failed one)",
			"connect_task_state{state=\"stuck\"} == 1",
			"no task is stuck here (the \"Tasks stuck\" stat sums to 0; StuckTasksOnConnectClusterTests shows "
					+ "the series at 1)");

	@TempDir
	Path work;

	@Test
	void prometheusScrapesTheDoctorFiresTheFailedTaskAlertAndAnswersEveryDashboardQuery() throws Exception {
		DemoCluster cluster = DemoCluster.shared();
		String name = DemoCluster.uniqueName("prometheus-failing");
		cluster.createFailingSink(name);
		// A running sink too, whose consumer group gives the lag panel a series.
		cluster.createHealthySink(DemoCluster.uniqueName("prometheus-running"));
		String owner = cluster.awaitTaskState(name, 0, "FAILED").workerId();
		WorkerHandle worker = cluster.worker(owner);
		int doctorPort = DemoCluster.freePort();
		try (RunningDoctor doctor = RunningDoctor.start(Map.of("server.port", String.valueOf(doctorPort),
				"connect-doctor.connect.url", DemoCluster.url(worker), "connect-doctor.target.mode", "cluster",
				"connect-doctor.connect.poll-interval", "500ms", "connect-doctor.healing.include", name,
				"connect-doctor.healing.max-restarts", "1", "connect-doctor.healing.initial-backoff", "200ms",
				"connect-doctor.kafka.bootstrap-servers", cluster.connect().kafka().bootstrapServers(),
				"connect-doctor.stuck.interval", "500ms", "connect-doctor.stuck.after", "5s"))) {
			int prometheusPort = DemoCluster.freePort();
			Process prometheus = startPrometheus(prometheusPort, doctorPort);
			try {
				String api = "http://127.0.0.1:" + prometheusPort;
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(250))
					.ignoreExceptions()
					.until(() -> value(query(api, "up{job=\"connect-doctor\"}")), (up) -> up == 1.0);
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(250))
					.ignoreExceptions()
					.until(() -> value(query(api, "connect_task_state{connector=\"" + name + "\",state=\"failed\"}")),
							(failed) -> failed == 1.0);

				Set<String> states = new TreeSet<>();
				await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
					for (JsonNode alert : get(api + "/api/v1/alerts").path("data").path("alerts")) {
						if (alert.path("labels").path("alertname").stringValue().equals("ConnectTaskFailed")
								&& alert.path("labels").path("connector").stringValue().equals(name)) {
							states.add(alert.path("state").stringValue());
						}
					}
					return states.contains("firing");
				});
				assertThat(states).as("states the alert went through").containsExactly("firing", "pending");

				Map<String, String> results = new LinkedHashMap<>();
				for (String expression : dashboardExpressions()) {
					String query = expression.replace("$__rate_interval", "1m");
					JsonNode answer = await(expression).atMost(Duration.ofSeconds(30))
						.pollInterval(Duration.ofMillis(500))
						.until(() -> query(api, query),
								(result) -> EMPTY_HERE.containsKey(expression) || !result.isEmpty());
					results.put(expression, EMPTY_HERE.containsKey(expression) ? "empty: " + EMPTY_HERE.get(expression)
							: answer.size() + " series");
				}
				assertThat(results).hasSizeGreaterThan(10);
			}
			finally {
				prometheus.destroy();
				prometheus.waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	private Process startPrometheus(int port, int doctorPort) throws IOException {
		String rules = Files.readString(FILES.resolve("connect-doctor-alerts.yaml"))
			.replaceAll("(?m)^(\\s+)for: \\S+$", "$1for: 5s");
		Files.writeString(this.work.resolve("rules.yaml"), rules);
		Files.writeString(this.work.resolve("prometheus.yaml"), """
				global:
				  scrape_interval: 1s
				  evaluation_interval: 1s
				rule_files:
				  - %s
				scrape_configs:
				  - job_name: connect-doctor
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ["127.0.0.1:%d"]
				""".formatted(this.work.resolve("rules.yaml"), doctorPort));
		return new ProcessBuilder("prometheus", "--config.file=" + this.work.resolve("prometheus.yaml"),
				"--storage.tsdb.path=" + this.work.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
				"--log.level=warn")
			.redirectErrorStream(true)
			.redirectOutput(this.work.resolve("prometheus.log").toFile())
			.start();
	}

	private static List<String> dashboardExpressions() throws IOException {
		JsonNode dashboard = json.readTree(Files.readString(FILES.resolve("connect-doctor-dashboard.json")));
		List<String> expressions = new ArrayList<>();
		collect(dashboard.path("panels"), expressions);
		return expressions;
	}

	private static void collect(JsonNode panels, List<String> expressions) {
		for (JsonNode panel : panels) {
			for (JsonNode target : panel.path("targets")) {
				if (target.has("expr")) {
					expressions.add(target.path("expr").stringValue());
				}
			}
			collect(panel.path("panels"), expressions);
		}
	}

	/**
	 * The result vector of an instant query; fails on a query Prometheus cannot parse.
	 */
	private static JsonNode query(String api, String query) throws Exception {
		JsonNode answer = get(api + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
		assertThat(answer.path("status").stringValue()).as(query + ": " + answer).isEqualTo("success");
		return answer.path("data").path("result");
	}

	private static double value(JsonNode result) {
		return Double.parseDouble(result.get(0).path("value").get(1).stringValue());
	}

	private static JsonNode get(String url) throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
				HttpResponse.BodyHandlers.ofString());
		return json.readTree(response.body());
	}

}
