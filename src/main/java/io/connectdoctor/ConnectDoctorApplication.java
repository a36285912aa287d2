package io.connectdoctor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * connect-doctor: per-worker health, self-healing and metrics for Kafka Connect.
 *
 * @author connect-doctor
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConnectDoctorApplication {

	public static void main(String[] args) {
		SpringApplication.run(ConnectDoctorApplication.class, args);
	}

}
