package io.connectdoctor.connect;

import io.connectdoctor.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Connect URL: credentials taken out, bad URLs rejected without printing a password.
 *
 * @author connect-doctor
 */
class ConnectEndpointTests {

	@Test
	void credentialsInUrlAreTakenOutAndDecoded() {
		ConnectEndpoint endpoint = ConnectEndpoint
			.from(ConnectClientTests.properties("https://connect%20user:p%40ss@connect-0:8443/", null, null, null));
		assertThat(endpoint.baseUrl()).isEqualTo("https://connect-0:8443");
		assertThat(endpoint.username()).isEqualTo("connect user");
		assertThat(endpoint.password()).isEqualTo("p@ss");
		assertThat(endpoint.host()).isEqualTo("connect-0");
		assertThat(endpoint.port()).isEqualTo(8443);
		assertThat(endpoint.toString()).doesNotContain("p@ss");
	}

	@Test
	void explicitUsernameWinsOverUrlCredentials() {
		ConnectEndpoint endpoint = ConnectEndpoint
			.from(ConnectClientTests.properties("http://a:b@connect-0", null, "guardian", "secret"));
		assertThat(endpoint.username()).isEqualTo("guardian");
		assertThat(endpoint.password()).isEqualTo("secret");
		assertThat(endpoint.port()).isEqualTo(80);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ftp://u:topsecret@connect-0", "http://u:topsecret@", "u:topsecret@connect-0:8083",
			"http://u:topsecret@connect-0:8083?x=1", "http://u:topsecret@bad host:8083" })
	void badUrlIsRejectedNamingThePropertyWithoutThePassword(String url) {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> ConnectEndpoint.from(ConnectClientTests.properties(url, null, null, null)))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("connect-doctor.connect.url"))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("topsecret"));
	}

}
