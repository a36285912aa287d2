package io.connectdoctor.connect;

import java.nio.charset.StandardCharsets;

import io.connectdoctor.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.web.util.UriUtils;

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

	/** Every character with a meaning in a URL, and a few without. */
	private static final String SPECIAL = ":/?#[]@!$&'()*+,;=% \"<>\\^`{|}~";

	@Test
	void passwordWithAnyUrlSpecialCharacterIsUsedWhetherEncodedOrNot() {
		for (char c : SPECIAL.toCharArray()) {
			String password = "p" + c + "ss" + c;
			String encoded = UriUtils.encode(password, StandardCharsets.UTF_8);
			for (String written : new String[] { encoded, password }) {
				String url = "http://admin:" + written + "@connect-0:8083";
				ConnectEndpoint endpoint;
				try {
					endpoint = ConnectEndpoint.from(ConnectClientTests.properties(url, null, null, null));
				}
				catch (InvalidSettingException ex) {
					// Written raw, some characters make no URL at all: refused without
					// the
					// password.
					assertThat(written).as("'%s' encoded", c).isEqualTo(password);
					assertThat(ex.getMessage()).as("message for '%s'", c)
						.doesNotContain(password)
						.doesNotContain("ss" + c);
					continue;
				}
				assertThat(endpoint.username()).as("user for '%s'", c).isEqualTo("admin");
				assertThat(endpoint.password()).as("password for '%s' written %s", c, written).isEqualTo(password);
				assertThat(endpoint.baseUrl()).as("URL for '%s'", c).isEqualTo("http://connect-0:8083");
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://admin:p/ss@connect-0 8083", "http://admin:p?ss@", "ftp://admin:p#ss@connect-0",
			"http://admin:p/ss@connect-0:8083?x=1" })
	void urlWithAPasswordHoldingUrlCharactersIsRejectedWithoutIt(String url) {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> ConnectEndpoint.from(ConnectClientTests.properties(url, null, null, null)))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("ss@")
				.doesNotContain("p/ss")
				.doesNotContain("p?ss")
				.doesNotContain("p#ss"));
	}

}
