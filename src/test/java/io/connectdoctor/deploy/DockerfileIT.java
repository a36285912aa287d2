package io.connectdoctor.deploy;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.connectdoctor.testing.DemoCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * There is no Docker engine here, so the image is checked without one: the Dockerfile's
 * own extract command runs on the packaged jar, every layer it copies must exist, and the
 * class-data sharing archive is trained as the Dockerfile trains it, and the service is
 * started from the merged layers with the Dockerfile's entrypoint and JVM options, then
 * probed with the Dockerfile's HEALTHCHECK command.
 *
 * @author connect-doctor
 */
class DockerfileIT {

	private static final Pattern COPY_LAYER = Pattern.compile("^COPY --from=build /build/(extracted/[a-z-]+)/ \\./$",
			Pattern.MULTILINE);

	private static String dockerfile;

	@TempDir
	static Path work;

	@BeforeAll
	static void readDockerfile() throws IOException {
		dockerfile = Files.readString(Path.of("Dockerfile"));
	}

	@Test
	void layersExtractWithTheDockerfilesCommandAndTheEntrypointStartsTheService() throws Exception {
		assertThat(dockerfile).contains("cp target/connect-doctor-*.jar app.jar");
		Files.copy(Path.of(System.getProperty("connect-doctor.jar")), work.resolve("app.jar"));
		String extract = line("^RUN (java -Djarmode=tools -jar app.jar extract .*)$");
		exec(work, List.of(extract.split(" ")));

		Path image = Files.createDirectory(work.resolve("image"));
		Matcher copies = COPY_LAYER.matcher(dockerfile);
		List<String> layers = new ArrayList<>();
		while (copies.find()) {
			Path layer = work.resolve(copies.group(1));
			assertThat(layer).as("layer copied by the Dockerfile").isDirectory();
			layers.add(copies.group(1));
			copyTree(layer, image);
		}
		assertThat(layers).containsExactly("extracted/dependencies", "extracted/spring-boot-loader",
				"extracted/snapshot-dependencies", "extracted/application");

		List<String> entrypoint = List
			.of(JsonMapper.builder().build().readValue(line("^ENTRYPOINT (\\[.*])$"), String[].class));
		assertThat(entrypoint).containsExactly("java", "-jar", "app.jar");
		try (JarFile jar = new JarFile(image.resolve("app.jar").toFile())) {
			for (String entry : jar.getManifest().getMainAttributes().getValue("Class-Path").split(" ")) {
				assertThat(image.resolve(entry)).as("Class-Path entry").isRegularFile();
			}
		}

		// The class-data sharing archive is made by a training run in the image, as here.
		exec(image, List.of(line("^RUN (java -XX:ArchiveClassesAtExit=.*)$").split(" ")));
		assertThat(image.resolve("app.jsa")).isRegularFile();

		assertThat(line("^EXPOSE (\\d+)$")).isEqualTo("18083");
		assertThat(line("^USER (\\S+)$")).doesNotStartWith("0").doesNotStartWith("root");
		int port = DemoCluster.freePort();
		List<String> command = new ArrayList<>(entrypoint);
		command.set(0, javaBinary());
		ProcessBuilder builder = new ProcessBuilder(command).directory(image.toFile())
			.redirectErrorStream(true)
			.redirectOutput(work.resolve("service.log").toFile());
		builder.environment()
			.putAll(Map.of("JAVA_TOOL_OPTIONS", line("^ENV JAVA_TOOL_OPTIONS=\"([^\"]+)\".*$"), "MALLOC_ARENA_MAX",
					line("^\\s+MALLOC_ARENA_MAX=(\\d+).*$"), "HEALTHCHECK_PORT", String.valueOf(port),
					"KAFKA_CONNECT_HOSTNAME", "localhost", "KAFKA_CONNECT_PORT",
					String.valueOf(DemoCluster.freePort())));
		Process service = builder.start();
		try {
			HttpClient http = HttpClient.newHttpClient();
			HttpResponse<String> liveness = await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.ignoreExceptions()
				.until(() -> http
					.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/liveness"))
						.build(), HttpResponse.BodyHandlers.ofString()), (response) -> response.statusCode() == 200);
			assertThat(liveness.body()).contains("UP");
			// Before its first poll the answer is "no answer yet"; then the closed port
			// shows.
			HttpResponse<String> healthcheck = await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> http.send(
						HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/healthcheck")).build(),
						HttpResponse.BodyHandlers.ofString()),
						(response) -> response.body().contains("Kafka Connect unreachable"));
			assertThat(healthcheck.statusCode()).isEqualTo(503);

			ProcessBuilder probe = new ProcessBuilder(healthcheckCommand());
			probe.environment().put("HEALTHCHECK_PORT", String.valueOf(port));
			assertThat(probe.redirectErrorStream(true).start().waitFor()).as("HEALTHCHECK exit code").isZero();
		}
		finally {
			service.destroy();
			service.waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static List<String> healthcheckCommand() {
		String json = line("^\\s+CMD (\\[.*])$");
		return List.of(JsonMapper.builder().build().readValue(json, String[].class));
	}

	private static String line(String regex) {
		Matcher matcher = Pattern.compile(regex, Pattern.MULTILINE).matcher(dockerfile);
		assertThat(matcher.find()).as("Dockerfile line matching " + regex).isTrue();
		return matcher.group(1);
	}

	private static void exec(Path directory, List<String> command) throws Exception {
		List<String> resolved = new ArrayList<>(command);
		resolved.set(0, javaBinary());
		Process process = new ProcessBuilder(resolved).directory(directory.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor()).as(output).isZero();
	}

	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> paths = Files.walk(from)) {
			for (Path path : (Iterable<Path>) paths::iterator) {
				Path target = to.resolve(from.relativize(path).toString().replace(File.separatorChar, '/'));
				if (Files.isDirectory(path)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(path, target);
				}
			}
		}
	}

}
