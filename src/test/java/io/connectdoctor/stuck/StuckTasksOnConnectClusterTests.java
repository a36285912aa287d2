package io.connectdoctor.stuck;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.connectdoctor.testing.DemoCluster;
import io.connectdoctor.testing.RunningDoctor;
import io.connectdoctor.testing.connectors.StallingSinkConnector;
import io.connectdoctor.testing.connectors.StallingSourceConnector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stuck-task check on the real cluster: a sink whose {@code put} hangs while records
 * wait is RUNNING to Connect and STUCK to the doctor, with its lag; the healer restarts
 * it; once it moves again it is no longer STUCK. A sink without lag and a source that
 * keeps writing are never STUCK; a source whose offsets stop is.
 *
 * @author connect-doctor
 */
class StuckTasksOnConnectClusterTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String AFTER = "3s";

	private static DemoCluster cluster;

	@BeforeAll
	static void startCluster() {
		cluster = DemoCluster.shared();
	}

	@Test
	void hangingSinkWithLagIsStuckWhileConnectSaysRunningIsRestartedAndRecoversOnceItMoves() {
		String name = DemoCluster.uniqueName("stuck-sink");
		String topic = name + "-topic";
		cluster.connect().kafka().createTopic(topic, 2);
		cluster.createStallingSink(name, topic);
		cluster.produce(topic, 4);
		awaitCommitted("connect-" + name, 4);
		StallingSinkConnector.STALLED.add(name);
		// A doctor that only watches (no healing) and counts STUCK on /healthcheck, and
		// one with the defaults, which heals.
		try (RunningDoctor watcher = doctor(name, Map.of("connect-doctor.healing.enabled", "false",
				"connect-doctor.health.failing-states", "FAILED,STUCK"));
				RunningDoctor healer = doctor(name, Map.of())) {
			cluster.produce(topic, 10);

			JsonNode stuck = await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> connector(watcher, name),
						(c) -> c != null && c.path("tasks").path("stuck").intValue() == 1);
			assertThat(stuck.path("tasks").path("running").intValue()).isZero();
			assertThat(stuck.path("lag").path("group").stringValue()).isEqualTo("connect-" + name);
			assertThat(stuck.path("lag").path("records").longValue()).isEqualTo(10);
			assertThat(stuck.path("stuck").get(0).path("trace").stringValue())
				.startsWith("RUNNING, but the committed offsets of consumer group connect-" + name + " have not moved")
				.endsWith("while 10 records wait");
			assertThat(cluster.awaitTaskState(name, 0, "RUNNING").state()).isEqualTo("RUNNING");
			// Counted only where failing-states holds STUCK.
			assertThat(watcher.get("/healthcheck/" + name).statusCode()).isEqualTo(503);
			assertThat(healer.get("/healthcheck/" + name).statusCode()).isEqualTo(200);
			assertThat(watcher.get("/actuator/prometheus").body())
				.contains("connect_task_state{connector=\"" + name + "\",state=\"stuck\",task=\"0\"")
				.contains("connect_connector_lag{connector=\"" + name + "\",group=\"connect-" + name + "\"} 10.0");

			JsonNode restarted = await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> healingUnit(healer, name), (u) -> u != null && u.path("attempts").intValue() >= 1);
			assertThat(restarted.path("condition").stringValue()).isEqualTo("STUCK");
			assertThat(healing(healer).path("actions")
				.valueStream()
				.filter((a) -> a.path("unit").path("connector").stringValue().equals(name))
				.map((a) -> a.path("result").stringValue())
				.toList()).contains("ACCEPTED");

			StallingSinkConnector.release(name);
			for (RunningDoctor doctor : List.of(watcher, healer)) {
				JsonNode moving = await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> connector(doctor, name),
							(c) -> c != null && c.path("lag").path("records").asLong(-1) == 0
									&& c.path("tasks").path("stuck").intValue() == 0);
				assertThat(moving.path("tasks").path("running").intValue()).isEqualTo(1);
			}
			assertThat(watcher.get("/healthcheck/" + name).statusCode()).isEqualTo(200);
		}
		finally {
			StallingSinkConnector.release(name);
		}
	}

	@Test
	void sinkWithoutLagIsNeverStuckHoweverLongItIsIdleAndSourcesAreJudgedOnlyWhenIncluded() {
		String idle = DemoCluster.uniqueName("idle-sink");
		String topic = idle + "-topic";
		cluster.connect().kafka().createTopic(topic, 1);
		cluster.createStallingSink(idle, topic);
		cluster.produce(topic, 3);
		String hungAtStart = DemoCluster.uniqueName("hung-at-start-sink");
		cluster.createStuckSink(hungAtStart, 5);
		String stalling = DemoCluster.uniqueName("stalling-source");
		String flowing = DemoCluster.uniqueName("flowing-source");
		String ignored = DemoCluster.uniqueName("ignored-source");
		for (String source : List.of(stalling, flowing, ignored)) {
			createSource(source, source + "-topic");
		}
		try (RunningDoctor doctor = doctor(idle + "|" + hungAtStart + "|" + stalling + "|" + flowing + "|" + ignored,
				Map.of("connect-doctor.healing.enabled", "false", "connect-doctor.stuck.source-include",
						".*(stalling|flowing)-source.*"))) {
			// The idle sink drains, then sits without lag for several windows.
			await().atMost(Duration.ofSeconds(30))
				.until(() -> connector(doctor, idle), (c) -> c != null && c.path("lag").path("records").asLong(-1) == 0
						&& c.path("lag").path("group").isString());
			StallingSourceConnector.STALLED.add(stalling);
			StallingSourceConnector.STALLED.add(ignored);

			JsonNode stuck = await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> connector(doctor, stalling),
						(c) -> c != null && c.path("tasks").path("stuck").intValue() == 1);
			assertThat(stuck.path("stuck").get(0).path("trace").stringValue())
				.startsWith("RUNNING, but its connector's source offsets have not changed for");
			assertThat(stuck.path("lag").isNull()).isTrue();
			// A sink that hung on its very first records never committed an offset:
			// judged
			// from the beginning of its partition, where its consumer started.
			JsonNode hung = await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> connector(doctor, hungAtStart),
						(c) -> c != null && c.path("tasks").path("stuck").intValue() == 1);
			assertThat(hung.path("lag").path("records").longValue()).isEqualTo(5);

			// Three windows more: the idle sink, the flowing source and the source not
			// included are never STUCK, while the stalled source stays STUCK.
			await().during(Duration.ofSeconds(9)).atMost(Duration.ofSeconds(12)).until(() -> {
				JsonNode report = report(doctor);
				return stuckTasks(report, idle) == 0 && stuckTasks(report, flowing) == 0
						&& stuckTasks(report, ignored) == 0 && stuckTasks(report, stalling) == 1;
			});
		}
		finally {
			StallingSinkConnector.release(hungAtStart);
			StallingSourceConnector.STALLED.remove(stalling);
			StallingSourceConnector.STALLED.remove(ignored);
		}
	}

	private static RunningDoctor doctor(String connectors, Map<String, String> extra) {
		Map<String, String> properties = new HashMap<>(extra);
		properties.put("connect-doctor.connect.url", DemoCluster.url(cluster.workers().get(0)));
		properties.put("connect-doctor.target.mode", "cluster");
		properties.put("connect-doctor.connect.poll-interval", "200ms");
		properties.put("connect-doctor.kafka.bootstrap-servers", cluster.connect().kafka().bootstrapServers());
		properties.put("connect-doctor.stuck.interval", "500ms");
		properties.put("connect-doctor.stuck.after", AFTER);
		properties.put("connect-doctor.health.include", connectors);
		properties.put("connect-doctor.healing.include", connectors);
		properties.put("connect-doctor.healing.jitter", "0");
		return RunningDoctor.start(properties);
	}

	private static void createSource(String name, String topic) {
		cluster.connect().kafka().createTopic(topic, 1);
		Map<String, String> config = new HashMap<>();
		config.put("connector.class", StallingSourceConnector.class.getName());
		config.put("tasks.max", "1");
		config.put("topic", topic);
		cluster.connect().configureConnector(name, config);
		cluster.awaitTaskState(name, 0, "RUNNING");
	}

	/** Wait until a consumer group has committed offsets summing to a total. */
	private static void awaitCommitted(String group, long total) {
		try (Admin admin = cluster.connect().kafka().createAdminClient()) {
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> admin.listConsumerGroupOffsets(group)
					.partitionsToOffsetAndMetadata()
					.get()
					.values()
					.stream()
					.mapToLong(OffsetAndMetadata::offset)
					.sum() == total);
		}
	}

	private static JsonNode report(RunningDoctor doctor) {
		return json.readTree(doctor.get("/actuator/report").body());
	}

	private static JsonNode connector(RunningDoctor doctor, String name) {
		return report(doctor).path("connectors")
			.valueStream()
			.filter((c) -> c.path("name").stringValue().equals(name))
			.findFirst()
			.orElse(null);
	}

	private static int stuckTasks(JsonNode report, String name) {
		return report.path("connectors")
			.valueStream()
			.filter((c) -> c.path("name").stringValue().equals(name))
			.mapToInt((c) -> c.path("tasks").path("stuck").intValue())
			.sum();
	}

	private static JsonNode healing(RunningDoctor doctor) {
		return json.readTree(doctor.get("/actuator/healing").body());
	}

	private static JsonNode healingUnit(RunningDoctor doctor, String name) {
		return healing(doctor).path("units")
			.valueStream()
			.filter((u) -> u.path("connector").stringValue().equals(name))
			.findFirst()
			.orElse(null);
	}

}
