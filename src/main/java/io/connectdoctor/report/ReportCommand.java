package io.connectdoctor.report;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.connectdoctor.connect.ClusterSnapshot;
import io.connectdoctor.connect.ClusterStatus;
import io.connectdoctor.connect.ConnectCallException;
import io.connectdoctor.connect.ConnectClient;
import io.connectdoctor.connect.ConnectProperties;
import io.connectdoctor.connect.WorkerSelector;
import io.connectdoctor.settings.InvalidSettingException;
import io.connectdoctor.settings.LegacyEnvironmentPostProcessor;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@code java -jar connect-doctor.jar report --connect-url=http://host:8083 [--json]}:
 * the connector report from the command line, without a web server. One status request
 * (or bounded concurrent ones on clusters before Kafka 2.3). Exits 0 when nothing failed,
 * 1 when a connector or task is FAILED, 2 when Connect could not be read (reason on
 * stderr).
 *
 * @author connect-doctor
 */
public final class ReportCommand {

	static final int OK = 0;

	static final int FAILURES = 1;

	static final int UNREADABLE = 2;

	private static final Map<String, String> OPTIONS = Map.of("connect-url", "url", "user", "username", "password",
			"password", "trust-store", "ssl.trust-store", "trust-store-password", "ssl.trust-store-password",
			"key-store", "ssl.key-store", "key-store-password", "ssl.key-store-password", "timeout",
			"response-timeout");

	private ReportCommand() {
	}

	/**
	 * Run the command and exit with its code.
	 * @param args the arguments after {@code report}
	 */
	public static void main(String[] args) {
		// The report owns stdout; library logging would corrupt --json output.
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.OFF);
		System.exit(run(args, new StandardEnvironment(), System.out, System.err));
	}

	/**
	 * Run the command.
	 * @param args the arguments after {@code report}
	 * @param environment where environment variables and system properties come from
	 * @param out where the report goes
	 * @param err where the reason of a failure goes
	 * @return the exit code
	 */
	static int run(String[] args, ConfigurableEnvironment environment, PrintStream out, PrintStream err) {
		boolean json = false;
		boolean traces = false;
		String doctorUrl = null;
		Map<String, Object> properties = new LinkedHashMap<>();
		for (String arg : args) {
			if (arg.equals("--json")) {
				json = true;
			}
			else if (arg.equals("--traces")) {
				traces = true;
			}
			else if (arg.startsWith("--doctor-url=")) {
				doctorUrl = arg.substring("--doctor-url=".length());
			}
			else if (arg.equals("--help") || arg.equals("-h")) {
				out.println(usage());
				return OK;
			}
			else if (arg.startsWith("--connect-doctor.connect.") && arg.contains("=")) {
				properties.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
			}
			else if (arg.startsWith("--") && arg.contains("=")
					&& OPTIONS.containsKey(arg.substring(2, arg.indexOf('=')))) {
				properties.put("connect-doctor.connect." + OPTIONS.get(arg.substring(2, arg.indexOf('='))),
						arg.substring(arg.indexOf('=') + 1));
			}
			else {
				err.println("connect-doctor report: unknown argument '" + arg.replaceAll("=.*", "=...") + "'");
				err.println(usage());
				return UNREADABLE;
			}
		}
		if (doctorUrl != null) {
			return fromDoctor(doctorUrl, json, traces, out, err);
		}
		ConnectClient client;
		try {
			environment.getPropertySources().addFirst(new MapPropertySource("reportArguments", properties));
			environment.getPropertySources()
				.addLast(new MapPropertySource("legacyEnvironment",
						LegacyEnvironmentPostProcessor.map(environment::getProperty)));
			ConnectProperties connect = Binder.get(environment)
				.bindOrCreate("connect-doctor.connect", ConnectProperties.class);
			client = new ConnectClient(WebClient.builder(), connect);
		}
		catch (InvalidSettingException ex) {
			err.println("connect-doctor report: " + ex.getMessage());
			return UNREADABLE;
		}
		catch (BindException ex) {
			err.println("connect-doctor report: invalid setting " + ex.getName() + ": "
					+ ((ex.getCause() != null) ? ex.getCause().getMessage() : ex.getMessage()));
			return UNREADABLE;
		}
		Instant started = Instant.now();
		ClusterStatus status;
		try {
			status = client.clusterStatus().block();
		}
		catch (ConnectCallException ex) {
			err.println("connect-doctor report: cannot read Kafka Connect at " + client.endpoint().baseUrl() + ": "
					+ ex.getMessage());
			return UNREADABLE;
		}
		ConnectorReport report = ConnectorReport.of(ClusterSnapshot.of(started, status, WorkerSelector.EVERY_WORKER),
				(unit) -> null);
		if (json) {
			out.println(
					JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(report));
		}
		else {
			ReportText.print(report, out, traces);
		}
		return report.hasFailures() ? FAILURES : OK;
	}

	/**
	 * The report of a running doctor ({@code GET /actuator/report}): what only a doctor
	 * that has watched the cluster for a while knows, STUCK tasks, lag and the healer's
	 * view, printed the same way.
	 */
	private static int fromDoctor(String doctorUrl, boolean json, boolean traces, PrintStream out, PrintStream err) {
		String base = doctorUrl.endsWith("/") ? doctorUrl.substring(0, doctorUrl.length() - 1) : doctorUrl;
		String body;
		try {
			HttpResponse<String> response = HttpClient.newBuilder()
				.connectTimeout(Duration.ofSeconds(5))
				.build()
				.send(HttpRequest.newBuilder(URI.create(base + "/actuator/report"))
					.timeout(Duration.ofSeconds(30))
					.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				err.println("connect-doctor report: " + base + "/actuator/report answered " + response.statusCode()
						+ ": " + response.body());
				return UNREADABLE;
			}
			body = response.body();
		}
		catch (IOException | IllegalArgumentException ex) {
			err.println("connect-doctor report: cannot read " + base + "/actuator/report: " + ex);
			return UNREADABLE;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return UNREADABLE;
		}
		JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
		ConnectorReport report = mapper.readValue(body, ConnectorReport.class);
		if (json) {
			out.println(mapper.writeValueAsString(report));
		}
		else {
			ReportText.print(report, out, traces);
		}
		return report.hasFailures() ? FAILURES : OK;
	}

	private static String usage() {
		return """
				usage: java -jar connect-doctor.jar report [--connect-url=http://host:8083] [--json] [--traces]
				         [--user=U --password=P] [--trust-store=F --trust-store-password=P]
				         [--key-store=F --key-store-password=P] [--timeout=5s]
				       java -jar connect-doctor.jar report --doctor-url=http://doctor:18083 [--json]
				  --doctor-url reads a running doctor's report instead: STUCK tasks, lag and the healer's view.
				  --traces prints failed and stuck units' whole traces (their first line otherwise).
				  Also reads KAFKA_CONNECT_* variables and any --connect-doctor.connect.* property.
				  Exit: 0 nothing failed, 1 a connector or task is FAILED, 2 Connect could not be read.""";
	}

}
