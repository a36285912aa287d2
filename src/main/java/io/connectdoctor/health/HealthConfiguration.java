package io.connectdoctor.health;

import java.time.Clock;
import java.time.Duration;

import io.connectdoctor.connect.ConnectClient;
import io.connectdoctor.connect.ConnectPoller;
import io.connectdoctor.connect.ConnectProperties;
import io.connectdoctor.target.WorkerTarget;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The health evaluation and the indicators that expose it. Indicator names come from the
 * bean names: {@code connectTasks}, {@code connectors}, {@code connect} and
 * {@code connectWorker}.
 *
 * @author connect-doctor
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

	@Bean
	HealthEvaluator healthEvaluator(WorkerTarget target, HealthProperties health, ConnectProperties connect,
			ObjectProvider<HealingStatus> healing) {
		Duration staleness = (health.stalenessLimit() != null) ? health.stalenessLimit() : defaultStaleness(connect);
		return new HealthEvaluator(target, health, staleness, healing.getIfAvailable(() -> HealingStatus.NONE));
	}

	/**
	 * Three poll intervals, but never less than one interval plus the time a poll may
	 * legitimately take (its request deadline): with a short interval and a large
	 * cluster, three intervals can be shorter than one poll, and every answer would be
	 * "stale".
	 */
	static Duration defaultStaleness(ConnectProperties connect) {
		Duration threeIntervals = connect.pollInterval().multipliedBy(3);
		Duration oneSlowPoll = connect.pollInterval().plus(connect.connectTimeout()).plus(connect.responseTimeout());
		return (threeIntervals.compareTo(oneSlowPoll) >= 0) ? threeIntervals : oneSlowPoll;
	}

	@Bean
	FilterRegistrationBean<HealthcheckFilter> healthcheckFilter(HealthEvaluator evaluator, Clock clock) {
		FilterRegistrationBean<HealthcheckFilter> registration = new FilterRegistrationBean<>(
				new HealthcheckFilter(evaluator, clock));
		registration.addUrlPatterns("/healthcheck", "/healthcheck/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	DevshawnAnswers devshawnAnswers(DevshawnProperties devshawn, HealthProperties health, ConnectClient client,
			ConnectProperties connect) {
		return new DevshawnAnswers(devshawn, health, client, connect.connectTimeout().plus(connect.responseTimeout()));
	}

	@Bean
	FilterRegistrationBean<DevshawnFilter> devshawnFilter(DevshawnAnswers answers) {
		FilterRegistrationBean<DevshawnFilter> registration = new FilterRegistrationBean<>(new DevshawnFilter(answers));
		registration.addUrlPatterns("/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	ConnectTasksHealthIndicator connectTasksHealthIndicator(HealthEvaluator evaluator, Clock clock) {
		return new ConnectTasksHealthIndicator(evaluator, clock);
	}

	@Bean
	ConnectorsHealthContributor connectorsHealthContributor(HealthEvaluator evaluator, Clock clock) {
		return new ConnectorsHealthContributor(evaluator, clock);
	}

	@Bean
	ConnectHealthIndicator connectHealthIndicator(ConnectPoller poller, ConnectClient client, HealthEvaluator evaluator,
			Clock clock) {
		return new ConnectHealthIndicator(poller, client, evaluator, clock);
	}

	@Bean
	ConnectWorkerHealthIndicator connectWorkerHealthIndicator(ConnectPoller poller, HealthEvaluator evaluator,
			Clock clock) {
		return new ConnectWorkerHealthIndicator(poller, evaluator.stalenessLimit(), clock);
	}

}
