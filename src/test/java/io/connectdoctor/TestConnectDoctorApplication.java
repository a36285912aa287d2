package io.connectdoctor;

import java.util.Arrays;

import io.connectdoctor.testing.DemoCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;

import org.springframework.boot.SpringApplication;

/**
 * {@code ./mvnw spring-boot:test-run}: connect-doctor against a real Kafka Connect
 * cluster started in this JVM (two workers, a healthy sink, a failing one and a stuck
 * one, with the stuck-task check on its broker), unless a Connect cluster is given by
 * {@code KAFKA_CONNECT_HOSTNAME}, {@code KAFKA_CONNECT_HOST} or
 * {@code connect-doctor.connect.url}.
 *
 * @author connect-doctor
 */
public final class TestConnectDoctorApplication {

	private TestConnectDoctorApplication() {
	}

	public static void main(String[] args) {
		if (!connectGiven(args)) {
			DemoCluster demo = DemoCluster.shared();
			demo.createHealthySink("healthy-sink");
			demo.createFailingSink("failing-sink");
			demo.createStuckSink("stuck-sink", 100);
			WorkerHandle first = demo.workers().get(0);
			System.setProperty("connect-doctor.connect.url", DemoCluster.url(first));
			// Cluster mode, so the failing task shows whichever worker it landed on.
			System.setProperty("connect-doctor.target.mode", "cluster");
			System.setProperty("connect-doctor.connect.poll-interval", "2s");
			// Quick back-off, so the demo shows the healer restart the failing task and
			// give up after three tries (a directory that does not exist will not appear
			// by itself).
			System.setProperty("connect-doctor.healing.initial-backoff", "2s");
			System.setProperty("connect-doctor.healing.max-restarts", "3");
			// The stuck-task check on the embedded broker: stuck-sink's put hangs with
			// 100
			// records waiting, so it is STUCK after 30 s while Connect says RUNNING.
			System.setProperty("connect-doctor.kafka.bootstrap-servers", demo.connect().kafka().bootstrapServers());
			System.setProperty("connect-doctor.stuck.interval", "5s");
			System.setProperty("connect-doctor.stuck.after", "30s");
			System.out.printf("%nEmbedded Kafka Connect cluster: workers %s%n",
					demo.workers().stream().map(DemoCluster::url).toList());
			System.out.printf("Connectors: healthy-sink (RUNNING), failing-sink (task 0 FAILED), stuck-sink (task 0 "
					+ "RUNNING but moving no data: STUCK after 30 s)%n");
			System.out.printf("Try: curl -i localhost:18083/healthcheck   curl localhost:18083/actuator/healing   "
					+ "curl localhost:18083/actuator/report%n%n");
		}
		SpringApplication.run(ConnectDoctorApplication.class, args);
	}

	private static boolean connectGiven(String[] args) {
		return System.getenv("KAFKA_CONNECT_HOSTNAME") != null || System.getenv("KAFKA_CONNECT_HOST") != null
				|| System.getenv("CONNECT_DOCTOR_CONNECT_URL") != null
				|| System.getProperty("connect-doctor.connect.url") != null
				|| Arrays.stream(args).anyMatch((arg) -> arg.startsWith("--connect-doctor.connect.url"));
	}

}
