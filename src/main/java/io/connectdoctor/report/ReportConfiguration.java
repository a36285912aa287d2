package io.connectdoctor.report;

import io.connectdoctor.connect.ConnectPoller;
import io.connectdoctor.healing.Healer;
import io.connectdoctor.stuck.StuckCheck;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The connector report's actuator endpoint.
 *
 * @author connect-doctor
 */
@Configuration(proxyBeanMethods = false)
class ReportConfiguration {

	@Bean
	ReportEndpoint reportEndpoint(ConnectPoller poller, ObjectProvider<Healer> healer,
			ObjectProvider<StuckCheck> stuck) {
		return new ReportEndpoint(poller, healer, stuck);
	}

}
