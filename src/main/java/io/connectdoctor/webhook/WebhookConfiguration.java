package io.connectdoctor.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import io.connectdoctor.delivery.DeliveryWebClient;
import io.connectdoctor.delivery.Outbox;
import io.connectdoctor.healing.HealingEvent;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Webhook notifications, on when {@code connect-doctor.webhook.url} is set.
 *
 * @author connect-doctor
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("connect-doctor.webhook.url")
class WebhookConfiguration {

	@Bean
	WebhookNotifier webhookNotifier(WebhookProperties properties, WebClient.Builder webClientBuilder,
			MeterRegistry registry, Environment environment) {
		WebClient webClient = DeliveryWebClient.create(webClientBuilder, properties.requestTimeout());
		String host = environment.getProperty("HOSTNAME");
		String source = (host != null && !host.isBlank()) ? host : hostName();
		Outbox<HealingEvent> outbox = new Outbox<>("webhook", properties.queueSize(), properties.maxEventsPerMessage(),
				Long.MAX_VALUE, Duration.ofMinutes(1).dividedBy(properties.maxPerMinute()), (event) -> 1,
				new WebhookNotifier.WebhookTransport(webClient, properties, source), registry);
		return new WebhookNotifier(properties.events(), outbox);
	}

	/** The pod's or machine's name: who tells. */
	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "connect-doctor";
		}
	}

}
