package io.connectdoctor.delivery;

import java.time.Duration;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The WebClient of a target outside (Azure, a webhook): its own connection time-out (at
 * most 10 s) and response time-out, apart from the client that reads Connect.
 *
 * @author connect-doctor
 */
public final class DeliveryWebClient {

	private DeliveryWebClient() {
	}

	/**
	 * Build a client.
	 * @param builder the application's WebClient builder (cloned, not changed)
	 * @param timeout the deadline of a response
	 * @return the client
	 */
	public static WebClient create(WebClient.Builder builder, Duration timeout) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 10_000))
			.responseTimeout(timeout);
		return builder.clone().clientConnector(new ReactorClientHttpConnector(http)).build();
	}

}
