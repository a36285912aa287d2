package io.connectdoctor.target;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.connectdoctor.connect.ClusterSnapshot;
import io.connectdoctor.connect.ClusterStatus;
import io.connectdoctor.connect.ConnectorStatus;
import io.connectdoctor.connect.PollState;
import io.connectdoctor.connect.ReadMethod;
import io.connectdoctor.connect.State;
import io.connectdoctor.connect.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sidecar whose target matches no task must say so rather than silently answer healthy.
 *
 * @author connect-doctor
 */
@ExtendWith(OutputCaptureExtension.class)
class TargetMonitorTests {

	private static final ConnectorStatus CONNECTOR = (new ConnectorStatus("c", "sink", State.RUNNING, "10.0.0.5:8083",
			null, List.of(new TaskStatus("c", 0, State.RUNNING, "10.0.0.6:8083", null))));

	@Test
	void warnsNamingTheWorkersItSeesAfterThePollsWithoutAMatch(CapturedOutput output) {
		WorkerTarget target = WorkerTarget.of(List.of("connect-9:8083"));
		TargetMonitor monitor = new TargetMonitor(target,
				new TargetProperties(TargetProperties.Mode.SIDECAR, List.of("connect-9:8083"), 3));
		monitor.onPoll(poll(CONNECTOR, target));
		monitor.onPoll(poll(CONNECTOR, target));
		assertThat(output.getAll()).doesNotContain("none on the targeted worker");
		monitor.onPoll(poll(CONNECTOR, target));
		assertThat(output.getAll()).contains("none on the targeted worker")
			.contains("workers seen: [10.0.0.5:8083, 10.0.0.6:8083]")
			.contains("KAFKA_CONNECT_TARGET_WORKER_IDS");
	}

	@Test
	void setUpByConnectorGuardiansVariablesOnlyTheWarningSaysHowToWatchTheWholeCluster(CapturedOutput output) {
		assertThat(TargetConfiguration.guardianOnly(Map.of("KAFKA_CONNECT_HOST", "connect")::get)).isTrue();
		assertThat(TargetConfiguration
			.guardianOnly(Map.of("KAFKA_CONNECT_HOST", "connect", "KAFKA_CONNECT_TARGET_WORKER_IDS", "c:8083")::get))
			.isFalse();
		assertThat(TargetConfiguration.guardianOnly(Map.of("KAFKA_CONNECT_HOSTNAME", "connect")::get)).isFalse();
		WorkerTarget target = WorkerTarget.of(List.of("connect-9:8083"));
		TargetMonitor monitor = new TargetMonitor(target,
				new TargetProperties(TargetProperties.Mode.SIDECAR, List.of(), 1), true);
		monitor.onPoll(poll(CONNECTOR, target));
		assertThat(output.getAll()).contains("none on the targeted worker")
			.contains("Guardian watched the whole cluster, and CONNECT_DOCTOR_TARGET_MODE=cluster");
	}

	@Test
	void logsTheMatchedWorkerAndDoesNotWarnWhenTheTargetMatches(CapturedOutput output) {
		WorkerTarget target = WorkerTarget.of(List.of("10.0.0.6:8083"));
		TargetMonitor monitor = new TargetMonitor(target,
				new TargetProperties(TargetProperties.Mode.SIDECAR, List.of(), 1));
		monitor.onPoll(poll(CONNECTOR, target));
		monitor.onPoll(poll(CONNECTOR, target));
		assertThat(output.getAll()).contains("Targeting worker(s) [10.0.0.6:8083]")
			.doesNotContain("none on the targeted worker");
	}

	private static PollState poll(ConnectorStatus connector, WorkerTarget target) {
		TreeMap<String, ConnectorStatus> connectors = new TreeMap<>();
		connectors.put(connector.name(), connector);
		Instant now = Instant.parse("2026-11-21T10:00:00Z");
		return new PollState(
				ClusterSnapshot.of(now,
						new ClusterStatus(connectors, ReadMethod.EXPANDED, List.copyOf(connectors.keySet())), target),
				null, null, now, Duration.ZERO);
	}

}
