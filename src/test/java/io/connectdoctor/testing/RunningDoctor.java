package io.connectdoctor.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.connectdoctor.ConnectDoctorApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real connect-doctor, started as a user would start it (its own Spring Boot
 * application with its own web server on a free port), for tests that need more than one
 * doctor or settings that differ per test.
 *
 * @author connect-doctor
 */
public final class RunningDoctor implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final ConfigurableApplicationContext context;

	private final int port;

	private RunningDoctor(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/**
	 * Start a doctor with the given properties (on a free port unless one is given).
	 * @param properties Spring properties, {@code key} to {@code value}
	 * @return the running doctor
	 */
	public static RunningDoctor start(Map<String, String> properties) {
		List<String> args = new ArrayList<>();
		// A free port of our choosing: connect-doctor refuses port 0 (a random port no
		// probe
		// could find).
		if (!properties.containsKey("server.port")) {
			args.add("--server.port=" + DemoCluster.freePort());
		}
		properties.forEach((key, value) -> args.add("--" + key + "=" + value));
		return new RunningDoctor(
				new SpringApplicationBuilder(ConnectDoctorApplication.class).run(args.toArray(String[]::new)));
	}

	/**
	 * Return the port the doctor listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the application context.
	 * @return the context
	 */
	public ConfigurableApplicationContext context() {
		return this.context;
	}

	/**
	 * Send a request to the doctor.
	 * @param method the HTTP method
	 * @param path the path, already URL-encoded
	 * @return the answer
	 */
	public HttpResponse<String> request(String method, String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(5))
			.build();
		return send(request);
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * {@code POST} JSON to a path.
	 * @param path the path, already URL-encoded
	 * @param body the JSON body
	 * @return the answer
	 */
	public HttpResponse<String> post(String path, String body) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(5))
			.build();
		return send(request);
	}

	/**
	 * {@code GET} a path.
	 * @param path the path, already URL-encoded
	 * @return the answer
	 */
	public HttpResponse<String> get(String path) {
		return request("GET", path);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
