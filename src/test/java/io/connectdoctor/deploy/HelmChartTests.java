package io.connectdoctor.deploy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.connectdoctor.testing.DemoCluster;
import io.connectdoctor.testing.RunningDoctor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Helm chart, linted and rendered in-process (helm-java, no helm binary), and its
 * probe paths checked against a running connect-doctor configured by the rendered
 * ConfigMap.
 *
 * @author connect-doctor
 */
@SuppressWarnings("unchecked")
class HelmChartTests {

	private static final Path CHART = Path.of("helm", "connect-doctor");

	@Test
	void chartPassesStrictLint() {
		LintResult result = new Helm(CHART).lint().strict().call();
		assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
	}

	@Test
	void defaultValuesRenderARestrictedStandaloneDeploymentInClusterMode() {
		List<Map<String, Object>> manifests = render(UnaryOperator.identity());
		assertThat(kinds(manifests)).containsExactlyInAnyOrder("ConfigMap", "Service", "Deployment");
		Map<String, Object> pod = path(manifest(manifests, "Deployment"), "spec", "template", "spec");
		assertThat(path(pod, "securityContext")).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001);
		Map<String, Object> doctor = container(pod, "connect-doctor");
		assertThat(path(doctor, "securityContext")).containsEntry("readOnlyRootFilesystem", true)
			.containsEntry("allowPrivilegeEscalation", false);
		assertThat(path(doctor, "resources", "limits")).containsEntry("memory", "256Mi");
		assertThat(env(doctor)).containsEntry("CONNECT_DOCTOR_TARGET_MODE", "cluster")
			.containsEntry("CONNECT_DOCTOR_CONNECT_URL", "http://kafka-connect:8083")
			.doesNotContainKey("CONNECT_DOCTOR_CONNECT_PASSWORD");
		assertThat(path(doctor, "livenessProbe", "httpGet")).containsEntry("path", "/actuator/health/liveness");
		assertThat(path(doctor, "readinessProbe", "httpGet")).containsEntry("path", "/actuator/health/readiness");
	}

	@Test
	void credentialsGoToASecretReferencedByTheContainerAndNeverIntoTheConfigMap() {
		List<Map<String, Object>> manifests = render(
				(helm) -> helm.set("connect.auth.username", "doctor").set("connect.auth.password", "s3cret-pw"));
		Map<String, Object> secret = manifest(manifests, "Secret");
		assertThat(path(secret, "data")).containsEntry("password",
				java.util.Base64.getEncoder().encodeToString("s3cret-pw".getBytes()));
		assertThat(manifest(manifests, "ConfigMap").toString()).doesNotContain("s3cret-pw");
		Map<String, Object> doctor = container(path(manifest(manifests, "Deployment"), "spec", "template", "spec"),
				"connect-doctor");
		assertThat(doctor.toString()).doesNotContain("s3cret-pw").contains("secretKeyRef");

		List<Map<String, Object>> existing = render((helm) -> helm.set("connect.auth.existingSecret", "connect-creds"));
		assertThat(kinds(existing)).doesNotContain("Secret");
		assertThat(manifest(existing, "Deployment").toString()).contains("name=connect-creds");
	}

	@Test
	void stuckTaskCheckIsOnWithBrokersAndItsJaasLineComesFromASecretNeverTheConfigMap() {
		assertThat(manifest(render(UnaryOperator.identity()), "ConfigMap").toString()).doesNotContain("kafka");
		List<Map<String, Object>> manifests = render((helm) -> helm.set("kafka.bootstrapServers", "kafka:9093")
			.set("kafka.properties.security\\.protocol", "SASL_SSL")
			.set("kafka.jaasConfigSecret", "kafka-jaas"));
		Map<String, Object> settings = new Yaml()
			.load((String) path(manifest(manifests, "ConfigMap"), "data").get("application.yaml"));
		assertThat(path(settings, "connect-doctor", "kafka")).containsEntry("bootstrap-servers", "kafka:9093")
			.containsEntry("properties", Map.of("security.protocol", "SASL_SSL"));
		Map<String, Object> doctor = container(path(manifest(manifests, "Deployment"), "spec", "template", "spec"),
				"connect-doctor");
		assertThat(env(doctor)).containsKey("CONNECT_DOCTOR_KAFKA_PROPERTIES_SASL_JAAS_CONFIG");
		assertThat(doctor.toString()).contains(
				"name=CONNECT_DOCTOR_KAFKA_PROPERTIES_SASL_JAAS_CONFIG, valueFrom={secretKeyRef={name=kafka-jaas, "
						+ "key=sasl.jaas.config}}");
	}

	@Test
	@SuppressWarnings("unchecked")
	void recordsToAzureAndTheWebhookTakeTheirSecretsFromSecretsNeverTheConfigMap() {
		assertThat(manifest(render(UnaryOperator.identity()), "ConfigMap").toString()).doesNotContain("records")
			.doesNotContain("webhook");
		List<Map<String, Object>> manifests = render((helm) -> helm.set("records.interval", "5m")
			.set("records.azure.endpoint", "https://dce-1.westeurope-1.ingest.monitor.azure.com")
			.set("records.azure.ruleId", "dcr-0123")
			.set("records.azure.tenantId", "tenant")
			.set("records.azure.clientId", "app")
			.set("records.azure.clientSecretSecret", "azure-sp")
			.set("webhook.urlSecret", "slack-webhook")
			.set("webhook.events[0]", "give-up")
			.set("serviceAccountName", "connect-doctor"));
		Map<String, Object> settings = new Yaml()
			.load((String) path(manifest(manifests, "ConfigMap"), "data").get("application.yaml"));
		assertThat(path(settings, "connect-doctor", "records")).containsEntry("interval", "5m");
		assertThat(path(settings, "connect-doctor", "records", "azure"))
			.containsEntry("endpoint", "https://dce-1.westeurope-1.ingest.monitor.azure.com")
			.containsEntry("rule-id", "dcr-0123")
			.containsEntry("stream", "Custom-KafkaConnect_CL")
			.containsEntry("tenant-id", "tenant")
			.containsEntry("client-id", "app")
			.doesNotContainKey("client-secret");
		assertThat(path(settings, "connect-doctor", "webhook")).containsEntry("events", List.of("give-up"))
			.doesNotContainKey("url");
		Map<String, Object> pod = path(manifest(manifests, "Deployment"), "spec", "template", "spec");
		assertThat(pod).containsEntry("serviceAccountName", "connect-doctor");
		String doctor = container(pod, "connect-doctor").toString();
		assertThat(doctor)
			.contains("name=CONNECT_DOCTOR_RECORDS_AZURE_CLIENT_SECRET, valueFrom={secretKeyRef={"
					+ "name=azure-sp, key=client-secret}}")
			.contains("name=CONNECT_DOCTOR_WEBHOOK_URL, valueFrom={secretKeyRef={name=slack-webhook, key=url}}");
	}

	@Test
	void serviceMonitorPrometheusRuleAndDashboardAreSwitchedOnByValues() throws Exception {
		assertThat(kinds(render(UnaryOperator.identity()))).doesNotContain("ServiceMonitor", "PrometheusRule");
		List<Map<String, Object>> manifests = render((helm) -> helm.set("serviceMonitor.enabled", "true")
			.set("prometheusRule.enabled", "true")
			.set("dashboard.enabled", "true"));
		Map<String, Object> endpoint = ((List<Map<String, Object>>) path(manifest(manifests, "ServiceMonitor"), "spec")
			.get("endpoints")).get(0);
		assertThat(endpoint).containsEntry("path", "/actuator/prometheus").containsEntry("port", "http");
		Map<String, Object> shipped = new Yaml()
			.load(Files.readString(CHART.resolve("files/connect-doctor-alerts.yaml")));
		assertThat(path(manifest(manifests, "PrometheusRule"), "spec")).isEqualTo(shipped);
		assertThat(manifests.stream().filter((m) -> "ConfigMap".equals(m.get("kind"))).toList().toString())
			.contains("connect_doctor_healing_restarts_total");
	}

	@Test
	void sidecarExampleAddsTheDoctorToAWorkerPodWhoseLivenessProbeAsksIt() {
		List<Map<String, Object>> manifests = render(
				(helm) -> helm.set("deployment.enabled", "false").set("sidecarExample.enabled", "true"));
		assertThat(kinds(manifests)).contains("StatefulSet", "ConfigMap").doesNotContain("Deployment");
		Map<String, Object> pod = path(manifest(manifests, "StatefulSet"), "spec", "template", "spec");
		Map<String, Object> worker = container(pod, "connect");
		assertThat(path(worker, "livenessProbe", "httpGet")).containsEntry("path", "/healthcheck")
			.containsEntry("port", 18083);
		Map<String, Object> doctor = container(pod, "connect-doctor");
		assertThat(env(doctor)).containsEntry("CONNECT_DOCTOR_TARGET_MODE", "sidecar")
			.containsEntry("CONNECT_DOCTOR_CONNECT_URL", "http://localhost:8083");
	}

	@Test
	void everyProbePathAndPortInTheManifestsIsServedByConnectDoctorWithTheRenderedConfig(@TempDir Path config)
			throws Exception {
		List<Map<String, Object>> manifests = new ArrayList<>(
				render((helm) -> helm.set("serviceMonitor.enabled", "true")));
		manifests
			.addAll(render((helm) -> helm.set("deployment.enabled", "false").set("sidecarExample.enabled", "true")));
		List<String> paths = new ArrayList<>();
		for (Map<String, Object> manifest : manifests) {
			if (!List.of("Deployment", "StatefulSet").contains(manifest.get("kind"))) {
				continue;
			}
			Map<String, Object> pod = path(manifest, "spec", "template", "spec");
			for (Map<String, Object> container : (List<Map<String, Object>>) pod.get("containers")) {
				for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
					if (container.get(probe) instanceof Map<?, ?> found) {
						Map<String, Object> get = (Map<String, Object>) found.get("httpGet");
						Object port = get.get("port");
						assertThat(port).as(probe + " port").isIn(18083, "doctor");
						paths.add((String) get.get("path"));
					}
				}
				if (container.get("name").equals("connect-doctor")) {
					assertThat((List<Map<String, Object>>) container.get("ports"))
						.anySatisfy((port) -> assertThat(port).containsEntry("name", "doctor")
							.containsEntry("containerPort", 18083));
				}
			}
		}
		paths.add((String) ((List<Map<String, Object>>) path(manifest(manifests, "ServiceMonitor"), "spec")
			.get("endpoints")).get(0).get("path"));
		assertThat(paths).contains("/healthcheck", "/actuator/health/liveness", "/actuator/health/readiness",
				"/actuator/health/worker", "/actuator/prometheus");

		// The rendered settings (healing off, so a failed task stays counted) beside a
		// real
		// worker whose task has failed: each path must give its own answer.
		String applicationYaml = (String) path(
				manifest(render((helm) -> helm.set("healing.enabled", "false")), "ConfigMap"), "data")
			.get("application.yaml");
		Files.writeString(config.resolve("application.yaml"), applicationYaml);
		DemoCluster cluster = DemoCluster.shared();
		String failing = DemoCluster.uniqueName("helm-failing");
		cluster.createFailingSink(failing);
		String owner = cluster.awaitTaskState(failing, 0, "FAILED").workerId();
		String url = DemoCluster.url(cluster.worker(owner));
		Map<String, Integer> expected = Map.of("/actuator/health/liveness", 200, "/actuator/health/readiness", 200,
				"/actuator/health/worker", 200, "/actuator/prometheus", 200, "/healthcheck", 503);
		assertThat(expected.keySet()).containsAll(paths);
		try (RunningDoctor doctor = RunningDoctor
			.start(Map.of("spring.config.additional-location", "file:" + config + "/", "connect-doctor.connect.url",
					url, "connect-doctor.target.worker-ids", owner, "connect-doctor.health.include", failing))) {
			assertThat(doctor.context().getEnvironment().getProperty("connect-doctor.healing.enabled"))
				.isEqualTo("false");
			for (String path : paths) {
				await().atMost(Duration.ofSeconds(20))
					.pollInterval(Duration.ofMillis(100))
					.untilAsserted(
							() -> assertThat(doctor.get(path).statusCode()).as(path).isEqualTo(expected.get(path)));
			}
			assertThat(doctor.get("/healthcheck").body()).contains(failing);
		}
	}

	@Test
	void actuatorOnItsOwnPortWithANetworkPolicyKeepsProbesScrapesAndHealthcheckWorking() throws Exception {
		int managementPort = DemoCluster.freePort();
		List<Map<String, Object>> manifests = render(
				(helm) -> helm.set("managementPort", String.valueOf(managementPort))
					.set("serviceMonitor.enabled", "true")
					.set("networkPolicy.enabled", "true")
					.set("networkPolicy.managementFrom[0].namespaceSelector.matchLabels.name", "monitoring"));
		Map<String, Object> doctor = container(path(manifest(manifests, "Deployment"), "spec", "template", "spec"),
				"connect-doctor");
		assertThat(env(doctor)).containsEntry("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort));
		for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
			assertThat(path(doctor, probe, "httpGet")).containsEntry("port", "management");
		}
		assertThat((List<Map<String, Object>>) path(manifest(manifests, "Service"), "spec").get("ports"))
			.extracting((port) -> port.get("name"))
			.containsExactly("http", "management");
		assertThat(((List<Map<String, Object>>) path(manifest(manifests, "ServiceMonitor"), "spec").get("endpoints"))
			.get(0)).containsEntry("port", "management");
		List<Map<String, Object>> ingress = (List<Map<String, Object>>) path(manifest(manifests, "NetworkPolicy"),
				"spec")
			.get("ingress");
		assertThat(ingress).hasSize(2);
		assertThat(ingress.get(0)).doesNotContainKey("from");
		assertThat(ingress.get(1).get("from").toString()).contains("monitoring");

		try (RunningDoctor running = RunningDoctor
			.start(Map.of("management.server.port", String.valueOf(managementPort), "connect-doctor.connect.url",
					"http://localhost:" + DemoCluster.freePort()))) {
			assertThat(running.get("/healthcheck").statusCode()).isEqualTo(503);
			assertThat(running.get("/actuator/health/liveness").statusCode()).isEqualTo(404);
			HttpResponse<String> liveness = java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest
					.newBuilder(java.net.URI.create("http://localhost:" + managementPort + "/actuator/health/liveness"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(liveness.statusCode()).isEqualTo(200);
		}
	}

	private static List<Map<String, Object>> render(UnaryOperator<TemplateCommand> values) {
		String rendered = values.apply(new Helm(CHART).template().withName("doctor")).call();
		List<Map<String, Object>> manifests = new ArrayList<>();
		for (Object document : new Yaml().loadAll(rendered)) {
			if (document instanceof Map<?, ?> manifest) {
				manifests.add((Map<String, Object>) manifest);
			}
		}
		return manifests;
	}

	private static List<String> kinds(List<Map<String, Object>> manifests) {
		return manifests.stream().map((m) -> (String) m.get("kind")).toList();
	}

	private static Map<String, Object> manifest(List<Map<String, Object>> manifests, String kind) {
		return manifests.stream().filter((m) -> kind.equals(m.get("kind"))).findFirst().orElseThrow();
	}

	private static Map<String, Object> container(Map<String, Object> pod, String name) {
		return ((List<Map<String, Object>>) pod.get("containers")).stream()
			.filter((c) -> name.equals(c.get("name")))
			.findFirst()
			.orElseThrow();
	}

	private static Map<String, Object> env(Map<String, Object> container) {
		Map<String, Object> env = new java.util.HashMap<>();
		for (Map<String, Object> variable : (List<Map<String, Object>>) container.get("env")) {
			env.put((String) variable.get("name"), variable.get("value"));
		}
		return env;
	}

	private static Map<String, Object> path(Map<String, Object> map, String... keys) {
		Map<String, Object> current = map;
		for (String key : keys) {
			current = (Map<String, Object>) current.get(key);
			assertThat(current).as(key).isNotNull();
		}
		return current;
	}

}
