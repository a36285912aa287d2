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
	 * Three poll intervals, but never less than two slow polls and the interval between
	 * them: a snapshot is dated when its poll started, is published when the poll's
	 * slowest read is answered, and stays the latest until the next poll is. A worker
	 * whose herder is stuck takes 10 s to answer {@code GET /health}; with a short
	 * interval and a large cluster, three intervals can be shorter than one poll, and
	 * every answer would be "stale".
	 */
	static Duration defaultStaleness(ConnectProperties connect) {
		Duration threeIntervals = connect.pollInterval().multipliedBy(3);
		// A poll waits for its slowest read: the status (response-timeout) or the
		// worker's own health (health-timeout).
		Duration slowestRead = (connect.healthTimeout().compareTo(connect.responseTimeout()) > 0)
				? connect.healthTimeout() : connect.responseTimeout();
		Duration slowPoll = connect.connectTimeout().plus(slowestRead);
		Duration twoSlowPolls = connect.pollInterval().plus(slowPoll.multipliedBy(2));
		return (threeIntervals.compareTo(twoSlowPolls) >= 0) ? threeIntervals : twoSlowPolls;
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
