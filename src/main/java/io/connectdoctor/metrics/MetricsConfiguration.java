package io.connectdoctor.metrics;

import java.time.Clock;

import io.connectdoctor.healing.Healer;
import io.connectdoctor.stuck.KafkaConfigured;
import io.connectdoctor.stuck.StuckCheck;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
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
