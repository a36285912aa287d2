package io.connectdoctor.report;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.connectdoctor.testing.DemoCluster;
import io.connectdoctor.testing.RunningDoctor;
import io.connectdoctor.testing.connectors.StallingSinkConnector;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code connect-doctor report} end to end against a real Connect worker with a cluster
 * of its own: the table, the JSON and the exit codes. Ordered: the cluster first has only
 * a running connector, then a failing one too.
 *
 * @author connect-doctor
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportCommandTests {

	private static DemoCluster cluster;

	private static WorkerHandle worker;

	private static String url;

	@BeforeAll
	static void startWorker() {
		cluster = DemoCluster.shared();
		int port = DemoCluster.freePort();
		worker = cluster.startStandaloneWorker("report-worker", port);
		url = "http://localhost:" + port;
		await().atMost(Duration.ofSeconds(30)).until(() -> run("--connect-url=" + url).code() != 2);
		cluster.createFileSink("report-running", cluster.directory().resolve("report-running.txt"), 2, url);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> run("--connect-url=" + url).out().contains("report-running  sink  RUNNING"));
	}

	@AfterAll
	static void stopWorker() {
		worker.stop();
	}

	@Test
	@Order(1)
	void everythingRunningPrintsTheTableAndExitsZero() {
		Result result = await().atMost(Duration.ofSeconds(30))
			.until(() -> run("--connect-url=" + url), (r) -> r.out().contains("2 running, 0 failed"));
		assertThat(result.code()).isZero();
		assertThat(result.out()).startsWith("CONNECTOR").contains("report-running").contains("1 connectors");
		assertThat(result.err()).isEmpty();
	}

	@Test
	@Order(2)
	void failedTaskExitsOneAndShowsItsTraceInTableAndJson() {
		cluster.createFileSink("report-failing", cluster.directory().resolve("missing-report/out.txt"), 1, url);
		Result table = await().atMost(Duration.ofSeconds(30))
			.until(() -> run("--connect-url=" + url), (r) -> r.code() == 1);
		// The connector instance RUNNING, its task FAILED: a failed connector all the
		// same.
		assertThat(table.out()).contains("FAILED")
			.contains("2 connectors (2 running, 1 failed)")
			.contains("report-failing task 0 on localhost:")
			.contains("Couldn't find or create file")
			.doesNotContain("Caused by:");
		// --traces: the whole trace, indented under its unit.
		assertThat(run("--connect-url=" + url, "--traces").out())
			.contains("\n    Caused by: java.nio.file.NoSuchFileException");
		Result json = run("--connect-url=" + url, "--json");
		assertThat(json.code()).isEqualTo(1);
		JsonNode report = JsonMapper.builder().build().readTree(json.out());
		assertThat(report.at("/totals/tasks/failed").intValue()).isEqualTo(1);
		assertThat(report.at("/totals/tasks/restarting").isInt()).isTrue();
		assertThat(report.at("/totals/failedConnectors").intValue()).isOne();
		assertThat(report.path("connectors").valueStream().filter((c) -> c.path("failed").booleanValue()))
			.extracting((c) -> c.path("name").stringValue())
			.containsExactly("report-failing");
		JsonNode failing = report.path("connectors")
			.valueStream()
			.filter((c) -> c.path("name").stringValue().equals("report-failing"))
			.findFirst()
			.orElseThrow();
		assertThat(failing.path("state").stringValue()).isEqualTo("RUNNING");
		assertThat(failing.at("/failedUnits/0/taskId").intValue()).isZero();
		assertThat(failing.at("/failedUnits/0/trace").stringValue()).contains("ConnectException");
	}

	@Test
	@Order(3)
	void unreadableConnectExitsTwoWithTheReasonOnStderr() {
		Result result = run("--connect-url=http://localhost:" + DemoCluster.freePort());
		assertThat(result.code()).isEqualTo(2);
		assertThat(result.out()).isEmpty();
		assertThat(result.err()).contains("cannot read Kafka Connect").contains("connection refused");
	}

	@Test
	@Order(4)
	void badArgumentOrSettingExitsTwoNamingIt() {
		assertThat(run("--colour=yes").code()).isEqualTo(2);
		Result badUrl = run("--connect-url=ftp://user:topsecret@connect-0");
		assertThat(badUrl.code()).isEqualTo(2);
		assertThat(badUrl.err()).contains("connect-doctor.connect.url").doesNotContain("topsecret");
	}

	@Test
	@Order(5)
	void doctorUrlPrintsARunningDoctorsReportWithItsStuckTasksAndLag() {
		String stuck = DemoCluster.uniqueName("report-stuck");
		cluster.createStuckSink(stuck, 7);
		try (RunningDoctor doctor = RunningDoctor.start(Map.of("connect-doctor.connect.url",
				DemoCluster.url(cluster.workers().get(0)), "connect-doctor.target.mode", "cluster",
				"connect-doctor.healing.enabled", "false", "connect-doctor.connect.poll-interval", "200ms",
				"connect-doctor.kafka.bootstrap-servers", cluster.connect().kafka().bootstrapServers(),
				"connect-doctor.stuck.interval", "500ms", "connect-doctor.stuck.after", "2s"))) {
			String doctorUrl = "--doctor-url=http://localhost:" + doctor.port();
			Result table = await().atMost(Duration.ofSeconds(30))
				.until(() -> run(doctorUrl), (r) -> r.out().contains("\nSTUCK\n"));
			assertThat(table.out()).startsWith("CONNECTOR").contains("  STUCK  LAG");
			assertThat(table.out().lines().filter((line) -> line.startsWith(stuck + " ")).findFirst().orElseThrow())
				.matches(".* 1 +7$");
			assertThat(table.out()).contains(stuck + " task 0 on localhost:")
				.contains("RUNNING, but the committed offsets of consumer group connect-" + stuck);
			Result json = run(doctorUrl, "--json");
			JsonNode connector = JsonMapper.builder()
				.build()
				.readTree(json.out())
				.path("connectors")
				.valueStream()
				.filter((c) -> c.path("name").stringValue().equals(stuck))
				.findFirst()
				.orElseThrow();
			assertThat(connector.at("/tasks/stuck").intValue()).isEqualTo(1);
			assertThat(connector.at("/lag/records").longValue()).isEqualTo(7);
		}
		finally {
			StallingSinkConnector.release(stuck);
		}
		Result unreachable = run("--doctor-url=http://localhost:" + DemoCluster.freePort());
		assertThat(unreachable.code()).isEqualTo(2);
		assertThat(unreachable.err()).contains("cannot read http://localhost:");
	}

	static Result run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = ReportCommand.run(args, new StandardEnvironment(),
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	record Result(int code, String out, String err) {
	}

}
