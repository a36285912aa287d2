package io.connectdoctor.health;

import java.time.Duration;

import io.connectdoctor.connect.ConnectProperties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default staleness limit: three poll intervals, never shorter than one slow poll.
 *
 * @author connect-doctor
 */
class HealthConfigurationTests {

	@ParameterizedTest(name = "poll every {0} ms: stale after {1} ms")
	@CsvSource({ "10000, 30000", "5000, 15000", "2000, 9000", "10, 7010" })
	void defaultStalenessIsThreeIntervalsButNeverShorterThanOneSlowPoll(long intervalMillis, long limitMillis) {
		ConnectProperties connect = new ConnectProperties("http://localhost:8083", null, null, Duration.ofSeconds(2),
				Duration.ofSeconds(5), Duration.ofMillis(intervalMillis), 8, DataSize.ofMegabytes(64),
				new ConnectProperties.Ssl(null, null, "PKCS12", null, null, "PKCS12", null, null));
		assertThat(HealthConfiguration.defaultStaleness(connect)).isEqualTo(Duration.ofMillis(limitMillis));
	}

}
