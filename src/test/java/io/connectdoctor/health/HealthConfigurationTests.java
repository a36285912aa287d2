package io.connectdoctor.health;

import java.time.Duration;

import io.connectdoctor.connect.ConnectProperties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default staleness limit: three poll intervals, never shorter than one slow poll
 * (whose {@code GET /health} may take {@code health-timeout}, 15 s).
 *
 * @author connect-doctor
 */
class HealthConfigurationTests {

	@ParameterizedTest(name = "poll every {0} ms: stale after {1} ms")
	@CsvSource({ "30000, 90000", "10000, 38000", "5000, 33000", "10, 28010" })
	void defaultStalenessIsThreeIntervalsButNeverShorterThanTwoSlowPolls(long intervalMillis, long limitMillis) {
		ConnectProperties connect = new ConnectProperties("http://localhost:8083", null, null, Duration.ofSeconds(2),
				Duration.ofSeconds(5), Duration.ofSeconds(12), Duration.ofMillis(intervalMillis), 8,
				DataSize.ofMegabytes(64),
				new ConnectProperties.Ssl(null, null, "PKCS12", null, null, "PKCS12", null, null));
		assertThat(HealthConfiguration.defaultStaleness(connect)).isEqualTo(Duration.ofMillis(limitMillis));
	}

}
