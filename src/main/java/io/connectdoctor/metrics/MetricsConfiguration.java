package io.connectdoctor.metrics;

import java.time.Clock;

import io.connectdoctor.healing.Healer;
import io.connectdoctor.stuck.KafkaConfigured;
import io.connectdoctor.stuck.StuckCheck;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer meters for Connect's state, the healer and connect-doctor itself.
 *
 * @author connect-doctor
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	@Bean
	ConnectStateMetrics connectStateMetrics(Clock clock, MeterRegistry registry, ObjectProvider<StuckCheck> stuck) {
		return new ConnectStateMetrics(clock, registry, stuck.getIfAvailable() != null);
	}

	@Bean
	UnitStateCollector unitStateCollector(MetricsProperties properties,
			ObjectProvider<PrometheusMeterRegistry> prometheus, ObjectProvider<StuckCheck> stuck) {
		UnitStateCollector collector = new UnitStateCollector(properties, stuck.getIfAvailable() != null);
		prometheus.ifAvailable((registry) -> registry.getPrometheusRegistry().register(collector));
		return collector;
	}

	/** Boot's scrape endpoint, with the per-unit series written once per poll. */
	@Bean
	@ConditionalOnBooleanProperty(name = "management.prometheus.metrics.export.enabled", matchIfMissing = true)
	@ConditionalOnAvailableEndpoint(PrometheusScrapeEndpoint.class)
	PrometheusScrapeEndpoint prometheusEndpoint(PrometheusRegistry registry, PrometheusConfig config,
			UnitStateCollector units) {
		return new UnitSeriesScrapeEndpoint(registry, config.prometheusProperties(), units);
	}

	@Bean
	@Conditional(KafkaConfigured.class)
	StuckMetrics stuckMetrics(StuckCheck check, MeterRegistry registry,
			ObjectProvider<PrometheusMeterRegistry> prometheus) {
		StuckMetrics metrics = new StuckMetrics(check, registry);
		prometheus.ifAvailable((prometheusRegistry) -> prometheusRegistry.getPrometheusRegistry().register(metrics));
		return metrics;
	}

	@Bean
	HealingMetrics healingMetrics(ObjectProvider<Healer> healer, MeterRegistry registry) {
		return new HealingMetrics(healer, registry);
	}

}
