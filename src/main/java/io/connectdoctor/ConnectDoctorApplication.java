package io.connectdoctor;

import java.util.Arrays;

import io.connectdoctor.report.ReportCommand;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.tomcat.autoconfigure.metrics.TomcatMetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * connect-doctor: per-worker health, self-healing and metrics for Kafka Connect. With
 * {@code report} as first argument it prints the connector report and exits instead.
 * <p>
 * Tomcat's session metrics are left out: the probe port has no sessions, and their binder
 * starts the JVM's platform MBean server, about 1.4 MB of peak RSS (docs/performance.md).
 *
 * @author connect-doctor
 */
@SpringBootApplication(exclude = TomcatMetricsAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class ConnectDoctorApplication {

	/**
	 * Every setting checked before any other bean is made.
	 * @return the check
	 */
	@Bean
	static BeanFactoryPostProcessor settingsCheck() {
		return new SettingsCheck();
	}

	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals("report")) {
			ReportCommand.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		SpringApplication.run(ConnectDoctorApplication.class, args);
	}

}
