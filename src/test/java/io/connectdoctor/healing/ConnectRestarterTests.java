package io.connectdoctor.healing;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.connectdoctor.connect.ConnectClient;
import io.connectdoctor.connect.ConnectProperties;
import io.connectdoctor.connect.UnitId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every restart call the healer sends, over HTTP, and how Connect's answers are typed.
 * Connect's answers as {@code ../shared/CONNECT-REST.md} records them: 204 for a task or
 * a connector instance, 202 for a KIP-745 restart, 204 from a worker before 3.0 that
 * ignores KIP-745's flags, 409 during a rebalance, 404 for a unit that is gone.
 *
 * @author connect-doctor
 */
class ConnectRestarterTests {

	@RegisterExtension
	static WireMockExtension connect = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@Test
	void connectorInstanceIsRestartedWithThePlainCallAndItsNameEncoded() {
		connect.stubFor(post(urlEqualTo("/connectors/my%20sink/restart")).willReturn(aResponse().withStatus(204)));
		RestartOutcome outcome = restart(RestartRequest.of(new UnitId("my sink", null)));
		assertThat(outcome).isEqualTo(RestartOutcome.ACCEPTED);
		connect.verify(1, postRequestedFor(urlEqualTo("/connectors/my%20sink/restart")));
	}

	@Test
	void taskIsRestartedOnItsOwn() {
		connect.stubFor(post(urlEqualTo("/connectors/sink/tasks/3/restart")).willReturn(aResponse().withStatus(204)));
		assertThat(restart(RestartRequest.of(new UnitId("sink", 3)))).isEqualTo(RestartOutcome.ACCEPTED);
	}

	@ParameterizedTest(name = "Connect answers {0}: flags ignored {1}")
	@CsvSource({ "202, false", "204, true" })
	void failedUnitsAreRestartedWithOneKip745Call(int status, boolean flagsIgnored) {
		connect.stubFor(post(urlPathEqualTo("/connectors/sink/restart"))
			.willReturn(aResponse().withStatus(status).withBody((status == 202) ? "{\"name\":\"sink\"}" : "")));
		RestartOutcome outcome = restart(new RestartRequest(RestartCall.FAILED_UNITS, "sink",
				List.of(new UnitId("sink", 0), new UnitId("sink", 1))));
		assertThat(outcome.result()).isEqualTo(RestartResult.ACCEPTED);
		assertThat(outcome.flagsIgnored()).isEqualTo(flagsIgnored);
		connect.verify(1,
				postRequestedFor(urlPathEqualTo("/connectors/sink/restart"))
					.withQueryParam("includeTasks", equalTo("true"))
					.withQueryParam("onlyFailed", equalTo("true")));
	}

	@ParameterizedTest(name = "{0} is {1}")
	@CsvSource({ "409, CONFLICT", "404, NOT_FOUND", "500, ERROR" })
	void refusalsAreTyped(int status, RestartResult result) {
		connect.stubFor(post(urlEqualTo("/connectors/sink/tasks/0/restart")).willReturn(aResponse().withStatus(status)
			.withBody("{\"error_code\":" + status + ",\"message\":\"Cannot complete request momentarily\"}")));
		RestartOutcome outcome = restart(RestartRequest.of(new UnitId("sink", 0)));
		assertThat(outcome.result()).isEqualTo(result);
		assertThat(outcome.error()).contains("Kafka Connect answered " + status);
	}

	@Test
	void timeoutIsAnError() {
		connect.stubFor(post(urlEqualTo("/connectors/sink/tasks/0/restart"))
			.willReturn(aResponse().withStatus(204).withFixedDelay(2_000)));
		RestartOutcome outcome = restart(RestartRequest.of(new UnitId("sink", 0)));
		assertThat(outcome.result()).isEqualTo(RestartResult.ERROR);
		assertThat(outcome.error()).contains("no answer from Kafka Connect");
	}

	private static RestartOutcome restart(RestartRequest request) {
		ConnectProperties properties = new ConnectProperties(connect.baseUrl(), null, null, Duration.ofSeconds(1),
				Duration.ofMillis(500), Duration.ofSeconds(15), Duration.ofSeconds(10), 4, DataSize.ofMegabytes(64),
				new ConnectProperties.Ssl(null, null, "PKCS12", null, null, "PKCS12", null, null));
		return new ConnectRestarter(new ConnectClient(WebClient.builder(), properties)).restart(request).block();
	}

}
