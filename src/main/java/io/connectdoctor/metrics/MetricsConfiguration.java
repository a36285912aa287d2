package io.connectdoctor.metrics;

import java.time.Clock;

import io.connectdoctor.healing.Healer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer meters for Connect's state, the healer and connect-doctor itself.
 *
 * @author connect-doctor
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	@Bean
	ConnectStateMetrics connectStateMetrics(Clock clock, MeterRegistry registry) {
		return new ConnectStateMetrics(clock, registry);
	}

	@Bean
	UnitStateCollector unitStateCollector(MetricsProperties properties,
			ObjectProvider<PrometheusMeterRegistry> prometheus) {
		UnitStateCollector collector = new UnitStateCollector(properties);
		prometheus.ifAvailable((registry) -> registry.getPrometheusRegistry().register(collector));
		return collector;
	}

	@Bean
	HealingMetrics healingMetrics(ObjectProvider<Healer> healer, MeterRegistry registry) {
		return new HealingMetrics(healer, registry);
	}

}
