package io.connectdoctor.neighbours;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import de.codecentric.boot.admin.server.config.EnableAdminServer;
import io.connectdoctor.testing.DemoCluster;
import io.connectdoctor.testing.RunningDoctor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Spring Boot Admin server (4.0.0, in this JVM) with connect-doctor registered to
 * it by Spring Boot Admin's own client, beside a real cluster with a failing connector;
 * then Debian's Chromium, driven by Selenium, opens the Admin server's page for the
 * doctor.
 *
 * @author connect-doctor
 */
class SpringBootAdminTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static ConfigurableApplicationContext admin;

	private static RunningDoctor doctor;

	private static String adminUrl;

	private static String failing;

	@BeforeAll
	static void start() {
		DemoCluster cluster = DemoCluster.shared();
		failing = DemoCluster.uniqueName("admin-failing");
		cluster.createFailingSink(failing);
		cluster.awaitTaskState(failing, 0, "FAILED");
		int adminPort = DemoCluster.freePort();
		adminUrl = "http://localhost:" + adminPort;
		admin = new SpringApplicationBuilder(AdminServer.class).run("--server.port=" + adminPort,
				"--spring.application.name=spring-boot-admin",
				// Not connect-doctor's application.yaml: the Admin server is an
				// application of its own.
				"--spring.config.name=spring-boot-admin");
		int doctorPort = DemoCluster.freePort();
		doctor = RunningDoctor.start(Map.of("server.port", String.valueOf(doctorPort), "connect-doctor.connect.url",
				DemoCluster.url(cluster.workers().get(0)), "connect-doctor.target.mode", "cluster",
				"connect-doctor.healing.enabled", "false", "connect-doctor.connect.poll-interval", "500ms",
				"spring.boot.admin.client.url", adminUrl, "spring.boot.admin.client.period", "1s",
				"spring.boot.admin.client.instance.service-base-url", "http://localhost:" + doctorPort));
	}

	@AfterAll
	static void stop() {
		if (doctor != null) {
			doctor.close();
		}
		if (admin != null) {
			admin.close();
		}
	}

	@Test
	void doctorRegistersAndIsUpWithItsHealthTreeAndBuildAndGitInfo() throws Exception {
		JsonNode instance = awaitInstance();
		assertThat(instance.path("registration").path("name").stringValue()).isEqualTo("connect-doctor");
		String id = instance.path("id").stringValue();
		JsonNode health = get(adminUrl + "/instances/" + id + "/actuator/health");
		// The Admin server's proxy wraps each level of the tree in "details" of its own:
		// the
		// components are found by name wherever they sit.
		assertThat(health.path("status").stringValue()).isEqualTo("UP");
		assertThat(find(health, "livenessState").path("status").stringValue()).isEqualTo("UP");
		assertThat(find(health, "connectTasks").path("status").stringValue()).isEqualTo("DOWN");
		assertThat(find(find(health, "connectors"), failing).path("status").stringValue()).isEqualTo("DOWN");
		JsonNode info = await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> awaitInstance().path("info"), (node) -> node.has("build") && node.has("git"));
		assertThat(info.path("build").path("artifact").stringValue()).isEqualTo("connect-doctor");
		assertThat(info.path("git").path("commit").path("id").stringValue()).isNotBlank();
	}

	@Test
	void theAdminServersPageShowsTheFailingConnectorInTheHealthTree() throws Exception {
		String id = awaitInstance().path("id").stringValue();
		ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
					"--disable-sync", "--window-size=1400,1800",
					"--user-data-dir=" + Files.createTempDirectory("chromium").toAbsolutePath());
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File("/usr/bin/chromedriver"))
			.usingAnyFreePort()
			.build();
		ChromeDriver browser = new ChromeDriver(service, options);
		try {
			browser.get(adminUrl + "/instances/" + id + "/details");
			new WebDriverWait(browser, Duration.ofSeconds(60)).until((driver) -> {
				String page = driver.findElement(By.tagName("body")).getText();
				return page.contains("connectTasks") && page.contains(failing);
			});
			Path screenshot = browser.getScreenshotAs(OutputType.FILE).toPath();
			Path kept = Path.of("target", "spring-boot-admin-connect-doctor.png");
			Files.createDirectories(kept.getParent());
			Files.copy(screenshot, kept, StandardCopyOption.REPLACE_EXISTING);
			assertThat(kept).isNotEmptyFile();
		}
		finally {
			browser.quit();
		}
	}

	private static JsonNode awaitInstance() {
		return await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(250))
			.ignoreExceptions()
			.until(() -> {
				for (JsonNode instance : get(adminUrl + "/instances")) {
					if (instance.path("registration").path("name").stringValue().equals("connect-doctor")) {
						return instance;
					}
				}
				return null;
			}, (instance) -> instance != null && instance.path("statusInfo").path("status").stringValue().equals("UP"));
	}

	/** The first node under the given field name, searched depth first. */
	private static JsonNode find(JsonNode node, String name) {
		if (node.has(name)) {
			return node.get(name);
		}
		for (JsonNode child : node) {
			JsonNode found = find(child, name);
			if (!found.isMissingNode()) {
				return found;
			}
		}
		return tools.jackson.databind.node.MissingNode.getInstance();
	}

	private static JsonNode get(String url) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
			.header("Accept", "application/json")
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		return json.readTree(response.body());
	}

	/** Spring Boot Admin's server, as a user runs it. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableAdminServer
	static class AdminServer {

	}

}
