package io.connectdoctor.settings;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The environment variables of Doctor Kafka Connect and Connector Guardian, mapped to
 * connect-doctor's properties.
 *
 * @author connect-doctor
 */
class LegacyEnvironmentPostProcessorTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					doctor host only                 | KAFKA_CONNECT_HOSTNAME=connect-0                              | http://connect-0:8083
					doctor host and port             | KAFKA_CONNECT_HOSTNAME=connect-0;KAFKA_CONNECT_PORT=8084      | http://connect-0:8084
					doctor full url gets port        | KAFKA_CONNECT_HOSTNAME=https://u:p@connect-0;KAFKA_CONNECT_PORT=8443 | https://u:p@connect-0:8443
					doctor full url keeps its port   | KAFKA_CONNECT_HOSTNAME=https://connect-0:9000;KAFKA_CONNECT_PORT=8443 | https://connect-0:9000
					doctor full url with path        | KAFKA_CONNECT_HOSTNAME=http://proxy/connect                   | http://proxy:8083/connect
					guardian host protocol port      | KAFKA_CONNECT_HOST=connect;KAFKA_CONNECT_PROTOCOL=https;KAFKA_CONNECT_PORT=443 | https://connect:443
					guardian port only               | KAFKA_CONNECT_PORT=18080                                      | http://localhost:18080
					guardian proto as its list names it | KAFKA_CONNECT_HOST=connect;KAFKA_CONNECT_PROTO=https;KAFKA_CONNECT_PORT=443 | https://connect:443
					guardian proto and protocol agree | KAFKA_CONNECT_HOST=connect;KAFKA_CONNECT_PROTO=https;KAFKA_CONNECT_PROTOCOL=HTTPS | https://connect:8083
					""")
	void connectionVariablesBecomeTheConnectUrl(String description, String variables, String url) {
		assertThat(map(variables)).containsEntry("connect-doctor.connect.url", url);
	}

	@Test
	void withoutConnectionVariablesTheUrlIsLeftToConnectDoctorsDefault() {
		assertThat(map("")).doesNotContainKey("connect-doctor.connect.url").containsEntry("server.port", "18083");
	}

	@Test
	void devshawnsVariablesAreMapped() {
		assertThat(map("HEALTHCHECK_CONNECT_URL=http://connect:8083;HEALTHCHECK_CONNECT_WORKER_ID=connect-0:8083;"
				+ "HEALTHCHECK_UNHEALTHY_STATES=FAILED,PAUSED;HEALTHCHECK_CONSIDERED_CONTAINERS=TASK;"
				+ "HEALTHCHECK_FAILURE_THRESHOLD_PERCENTAGE=25;HEALTHCHECK_BASIC_AUTH=user:pa:ss;HEALTHCHECK_LOG_LEVEL=warning"))
			.containsEntry("connect-doctor.connect.url", "http://connect:8083")
			.containsEntry("connect-doctor.target.worker-ids", "connect-0:8083")
			.containsEntry("connect-doctor.health.failing-states", "FAILED,PAUSED")
			.containsEntry("connect-doctor.devshawn.considered-containers", "TASK")
			.containsEntry("connect-doctor.devshawn.failure-threshold-percentage", "25")
			.containsEntry("connect-doctor.connect.username", "user")
			.containsEntry("connect-doctor.connect.password", "pa:ss")
			.containsEntry("logging.level.io.connectdoctor", "WARN")
			.doesNotContainKey("connect-doctor.target.mode");
	}

	@Test
	void devshawnWithoutAWorkerIdCountsEveryWorker() {
		assertThat(map("HEALTHCHECK_CONNECT_URL=http://connect:8083")).containsEntry("connect-doctor.target.mode",
				"cluster");
	}

	@ParameterizedTest(name = "{0} with {1}")
	@CsvSource({ "HEALTHCHECK_CONNECT_URL=http://a:8083, KAFKA_CONNECT_HOSTNAME=b",
			"HEALTHCHECK_CONNECT_WORKER_ID=a:8083, KAFKA_CONNECT_TARGET_WORKER_IDS=b:8083",
			"HEALTHCHECK_BASIC_AUTH=u:p, KAFKA_CONNECT_USER=v", "HEALTHCHECK_LOG_LEVEL=INFO, LOG_LEVEL=DEBUG" })
	void bothToolsNamingTheSameThingIsOneClearError(String devshawn, String other) {
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> map(devshawn + ";" + other))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo(devshawn.substring(0, devshawn.indexOf('='))))
			.withMessageContaining(other.substring(0, other.indexOf('=')))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("u:p"));
	}

	@Test
	void guardianCredentialsTargetIdsPortAndLogLevelAreMapped() {
		assertThat(map("KAFKA_CONNECT_USER=guardian;KAFKA_CONNECT_PASS=secret;"
				+ "KAFKA_CONNECT_TARGET_WORKER_IDS=connect-0:8083, connect-1:8083;HEALTHCHECK_PORT=18084;LOG_LEVEL=debug"))
			.containsEntry("connect-doctor.connect.username", "guardian")
			.containsEntry("connect-doctor.connect.password", "secret")
			.containsEntry("connect-doctor.target.worker-ids", "connect-0:8083, connect-1:8083")
			.containsEntry("server.port", "18084")
			.containsEntry("logging.level.io.connectdoctor", "DEBUG");
	}

	@Test
	void guardianBackOffVariablesSetTheRestartLimitAndMultiplier() {
		assertThat(map("MAX_RESTART=3;EXPONENTIAL_RATIO=2")).containsEntry("connect-doctor.healing.max-restarts", "3")
			.containsEntry("connect-doctor.healing.multiplier", "2.0");
		assertThat(map("MAX_RESTART=-1")).containsEntry("connect-doctor.healing.max-restarts", "-1");
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			KAFKA_CONNECT_PORT     | 0
			KAFKA_CONNECT_PORT     | http
			HEALTHCHECK_PORT       | 70000
			KAFKA_CONNECT_PROTOCOL | ftp
			KAFKA_CONNECT_HOSTNAME | ftp://connect-0
			KAFKA_CONNECT_HOSTNAME | http://bad host
			KAFKA_CONNECT_HOST     | user@connect-0
			LOG_LEVEL              | VERBOSE
			MAX_RESTART            | -2
			MAX_RESTART            | many
			EXPONENTIAL_RATIO      | 0.5
			""")
	void badValueIsRejectedNamingTheVariable(String variable, String value) {
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> map(variable + "=" + value))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo(variable))
			.withMessageStartingWith("Invalid setting " + variable + ": ");
	}

	@Test
	void guardianProtoAndProtocolDisagreeingIsOneErrorNamingBoth() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> map("KAFKA_CONNECT_HOST=connect;KAFKA_CONNECT_PROTO=https;KAFKA_CONNECT_PROTOCOL=http"))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("KAFKA_CONNECT_PROTO"))
			.withMessageContaining("KAFKA_CONNECT_PROTOCOL is 'http'");
	}

	private static Map<String, Object> map(String variables) {
		Map<String, String> env = new HashMap<>();
		for (String pair : variables.split(";")) {
			if (!pair.isBlank()) {
				String[] parts = pair.split("=", 2);
				env.put(parts[0].strip(), parts[1].strip());
			}
		}
		return LegacyEnvironmentPostProcessor.map(env::get);
	}

}
