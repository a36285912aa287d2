package io.connectdoctor.target;

import java.util.List;
import java.util.Set;

import io.connectdoctor.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which {@code worker_id}s count.
 *
 * @author connect-doctor
 */
class WorkerTargetTests {

	@Test
	void explicitIdsAreTrimmedAndHostsCompareCaseInsensitively() {
		WorkerTarget target = WorkerTarget.of(List.of(" Connect-0.example:8083 , connect-1:8084,"));
		assertThat(target.matches("connect-0.EXAMPLE:8083")).isTrue();
		assertThat(target.matches("connect-1:8084")).isTrue();
		assertThat(target.matches("connect-1:8083")).isFalse();
		assertThat(target.matches("connect-2:8083")).isFalse();
		assertThat(target.matches(null)).isFalse();
	}

	@Test
	void explicitIdWithoutPortMatchesThatHostOnAnyPort() {
		WorkerTarget target = WorkerTarget.of(List.of("10.0.0.6"));
		assertThat(target.matches("10.0.0.6:8083")).isTrue();
		assertThat(target.matches("10.0.0.7:8083")).isFalse();
	}

	@Test
	void explicitIdWithBadPortIsRejectedNamingTheProperty() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> WorkerTarget.of(List.of("connect-0:http")))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("connect-doctor.target.worker-ids"));
	}

	@Test
	void autoTargetMatchesLocalNamesOrConnectHostOnTheWorkersPort() {
		WorkerTarget target = WorkerTarget.auto("localhost", 8083, Set.of("10.1.2.3", "Pod-7"));
		assertThat(target.matches("10.1.2.3:8083")).isTrue();
		assertThat(target.matches("pod-7:8083")).isTrue();
		assertThat(target.matches("localhost:8083")).isTrue();
		assertThat(target.matches("10.1.2.3:8084")).isFalse();
		assertThat(target.matches("10.1.2.4:8083")).isFalse();
	}

	@Test
	void autoTargetMatchesTheConnectHostWhenTheDoctorRunsBesideIt() {
		WorkerTarget target = WorkerTarget.auto("kafka-connect-worker-0", 8083, Set.of("10.9.9.9"));
		assertThat(target.matches("kafka-connect-worker-0:8083")).isTrue();
		assertThat(target.matches("kafka-connect-worker-1:8083")).isFalse();
	}

	@Test
	void ipv6WorkerIdsAreCompared() {
		WorkerTarget target = WorkerTarget.auto("localhost", 8083, Set.of("[fe80::1%eth0]"));
		assertThat(target.matches("fe80::1:8083")).isTrue();
	}

	@Test
	void clusterTargetMatchesEveryWorker() {
		assertThat(WorkerTarget.cluster().matches("anything:1")).isTrue();
		assertThat(WorkerTarget.cluster().isCluster()).isTrue();
	}

	@Test
	void localNamesHoldLoopbackAddress() {
		assertThat(WorkerTarget.localNames()).contains("localhost", "127.0.0.1");
	}

	@Test
	void decisionsStayRightBeyondTheWorkerIdsItRemembers() {
		WorkerTarget target = WorkerTarget.of(List.of("worker-0:8083"));
		for (int i = 0; i < WorkerTarget.MAX_REMEMBERED_WORKER_IDS + 10; i++) {
			assertThat(target.matches("other-" + i + ":8083")).isFalse();
		}
		assertThat(target.matches("WORKER-0:8083")).isTrue();
		assertThat(target.matches("worker-0:8084")).isFalse();
		assertThat(target.matches("other-0:8083")).isFalse();
	}

}
