package io.connectdoctor.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import io.connectdoctor.testing.DemoCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The moment a sidecar must not die in: a mass failure makes Connect's answer huge. The
 * packaged service runs with the image's JVM options as a 256 MiB container gives them
 * (40 % of it for the heap, exit on out-of-memory), against a stand-in that answers, just
 * under the default 64 MB {@code max-response-size}, with 1,100 FAILED tasks carrying 55
 * KB traces, then with one task carrying a 62 MB trace, then with 70 MB (over the limit).
 * The service must stay up through all three and answer each truthfully.
 *
 * @author connect-doctor
 */
class MassFailureIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final AtomicReference<byte[]> answer = new AtomicReference<>();

	private HttpServer connect;

	@TempDir
	Path work;

	@BeforeEach
	void startStandIn() throws IOException {
		this.connect = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
		this.connect.createContext("/", (exchange) -> {
			byte[] body = exchange.getRequestURI().getPath().equals("/health")
					? "{\"status\":\"healthy\",\"message\":\"ok\"}".getBytes(StandardCharsets.UTF_8)
					: this.answer.get();
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.connect.start();
	}

	@AfterEach
	void stopStandIn() {
		this.connect.stop(0);
	}

	@Test
	void hugeAnswersOfAMassFailureAreSurvivedWithTheImagesMemory() throws Exception {
		this.answer.set(cluster(1_100, 55 * 1024));
		assertThat(this.answer.get().length).isBetween(60_000_000, 64 * 1024 * 1024 - 1);
		int port = DemoCluster.freePort();
		Process service = start(port);
		try {
			HttpClient http = HttpClient.newHttpClient();
			JsonNode many = awaitAnswer(http, port, (body) -> body.path("failures").size() == 1_100);
			assertThat(many.path("failures").get(0).path("trace").stringValue()).hasSize(2003);
			awaitPolls(http, port, 5);
			assertThat(service.isAlive()).as("alive after polls of 1,100 long traces").isTrue();

			this.answer.set(cluster(1, 62 * 1024 * 1024));
			JsonNode one = awaitAnswer(http, port, (body) -> body.path("failures").size() == 1);
			assertThat(one.path("failures").get(0).path("trace").stringValue()).hasSize(2003);
			awaitPolls(http, port, 5);
			assertThat(service.isAlive()).as("alive after polls of one 62 MB trace").isTrue();

			this.answer.set(cluster(1, 70 * 1024 * 1024));
			JsonNode refused = awaitAnswer(http, port, (body) -> body.path("status").stringValue().equals("UNKNOWN"));
			assertThat(refused.path("error").stringValue())
				.contains("answer larger than connect-doctor.connect.max-response-size");
			awaitPolls(http, port, 5);
			assertThat(service.isAlive()).as("alive after polls over the size limit").isTrue();
		}
		finally {
			service.destroy();
			service.waitFor(10, TimeUnit.SECONDS);
		}
		assertThat(Files.readString(this.work.resolve("service.log"))).doesNotContain("java.lang.OutOfMemoryError");
	}

	private Process start(int port) throws IOException {
		String dockerfile = Files.readString(Path.of("Dockerfile"));
		Matcher options = Pattern.compile("^ENV JAVA_TOOL_OPTIONS=\"([^\"]+)\".*$", Pattern.MULTILINE)
			.matcher(dockerfile);
		assertThat(options.find()).isTrue();
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
						System.getProperty("connect-doctor.jar"),
						"--connect-doctor.connect.url=http://127.0.0.1:" + this.connect.getAddress().getPort(),
						"--connect-doctor.target.mode=cluster", "--connect-doctor.healing.enabled=false",
						"--connect-doctor.connect.poll-interval=500ms"));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.work.resolve("service.log").toFile());
		// The image's options, in a container limited to 256 MiB.
		builder.environment().put("JAVA_TOOL_OPTIONS", options.group(1) + " -XX:MaxRAM=256m");
		builder.environment().put("MALLOC_ARENA_MAX", "2");
		builder.environment().put("HEALTHCHECK_PORT", String.valueOf(port));
		return builder.start();
	}

	private static JsonNode awaitAnswer(HttpClient http, int port, java.util.function.Predicate<JsonNode> condition) {
		return await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(250))
			.ignoreExceptions()
			.until(() -> json.readTree(get(http, port, "/healthcheck")), condition);
	}

	private static void awaitPolls(HttpClient http, int port, int more) throws Exception {
		double start = polls(http, port);
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(250))
			.ignoreExceptions()
			.until(() -> polls(http, port) >= start + more);
	}

	private static double polls(HttpClient http, int port) throws Exception {
		JsonNode metric = json.readTree(get(http, port, "/actuator/metrics/connect.doctor.poll.duration"));
		return metric.path("measurements").get(0).path("value").doubleValue();
	}

	private static String get(HttpClient http, int port, String path) throws IOException, InterruptedException {
		return http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

	/**
	 * {@code tasks} connectors of one FAILED task each, every trace {@code traceBytes}
	 * long, written straight into bytes (no string of the whole answer in this JVM).
	 */
	private static byte[] cluster(int tasks, int traceBytes) {
		byte[] frame = "\\n\\tat x".getBytes(StandardCharsets.US_ASCII);
		ByteArrayOutputStream body = new ByteArrayOutputStream(tasks * (traceBytes + 300));
		body.writeBytes("{".getBytes(StandardCharsets.US_ASCII));
		for (int i = 0; i < tasks; i++) {
			String name = String.format("sink-%04d", i);
			String head = ((i > 0) ? "," : "") + "\"" + name + "\":{\"status\":{\"name\":\"" + name
					+ "\",\"type\":\"sink\",\"connector\":{\"state\":\"RUNNING\",\"worker_id\":\"w:8083\"},"
					+ "\"tasks\":[{\"id\":0,\"state\":\"FAILED\",\"worker_id\":\"w:8083\",\"trace\":\""
					+ "org.apache.kafka.connect.errors.ConnectException: java.sql.SQLException: refused";
			body.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
			for (int written = 0; written < traceBytes; written += frame.length) {
				body.writeBytes(frame);
			}
			body.writeBytes("\"}]}}".getBytes(StandardCharsets.US_ASCII));
		}
		body.writeBytes("}".getBytes(StandardCharsets.US_ASCII));
		return body.toByteArray();
	}

}
