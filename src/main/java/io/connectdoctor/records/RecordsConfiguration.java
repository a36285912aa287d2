package io.connectdoctor.records;

import java.time.Clock;
import java.time.Duration;

import io.connectdoctor.delivery.DeliveryWebClient;
import io.connectdoctor.delivery.Outbox;
import io.connectdoctor.health.ConnectorFilter;
import io.connectdoctor.health.HealthProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Status records, on when {@code connect-doctor.records.interval} is set; sent to Azure
 * Monitor too when {@code connect-doctor.records.azure.endpoint} is.
 *
 * @author connect-doctor
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("connect-doctor.records.interval")
class RecordsConfiguration {

	@Bean
	StatusRecords statusRecords(RecordsProperties properties, HealthProperties health, Environment environment,
			WebClient.Builder webClientBuilder, MeterRegistry registry, Clock clock) {
		Outbox<String> azure = null;
		if (properties.azure().isConfigured()) {
			RecordsProperties.Azure settings = properties.azure().resolve(environment::getProperty);
			WebClient webClient = DeliveryWebClient.create(webClientBuilder, settings.requestTimeout());
			LogsIngestion ingestion = new LogsIngestion(webClient, settings,
					new AzureToken(webClient, settings, clock));
			azure = new Outbox<>("azure-logs-ingestion", settings.queueSize(), 10_000,
					settings.maxBatchSize().toBytes(), Duration.ZERO, LogsIngestion::bytes, ingestion, registry);
		}
		return new StatusRecords(properties,
				new ConnectorFilter(health.include(), health.exclude(), "connect-doctor.health"), azure);
	}

}
