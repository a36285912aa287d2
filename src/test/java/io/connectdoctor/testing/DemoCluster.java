package io.connectdoctor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.connectdoctor.testing.connectors.StallingSinkConnector;
import org.apache.kafka.connect.runtime.rest.entities.CreateConnectorRequest;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A real Kafka Connect cluster (a KRaft broker and two distributed workers) in this JVM,
 * started once and shared: every start costs seconds. Tests give their connectors their
 * own names so they do not see each other's state.
 *
 * @author connect-doctor
 */
public final class DemoCluster {

	private static final String TOPIC = "connect-doctor-demo";

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	private static DemoCluster shared;

	private static final AtomicInteger names = new AtomicInteger();

	private final EmbeddedConnectCluster connect;

	private final Map<String, String> workerProps;

	private final Path directory;

	private DemoCluster(int workers) {
		try {
			this.directory = Files.createTempDirectory("connect-doctor-demo");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		// Mutable: the harness writes into it, and extra workers copy it.
		this.workerProps = new HashMap<>();
		this.workerProps.put("plugin.discovery", "service_load");
		this.workerProps.put("offset.flush.interval.ms", "1000");
		this.connect = new EmbeddedConnectCluster.Builder().name("connect-doctor-demo")
			.numWorkers(workers)
			.numBrokers(1)
			.workerProps(this.workerProps)
			.build();
		this.connect.start();
		await().atMost(Duration.ofSeconds(60)).until(this.connect::allWorkersHealthy);
		this.connect.kafka().createTopic(TOPIC, 1);
	}

	/**
	 * Return the cluster shared by this JVM, starting it on first use.
	 * @return the shared cluster
	 */
	public static synchronized DemoCluster shared() {
		if (shared == null) {
			// No shutdown hook of ours: each worker registers its own, and stopping the
			// broker under them would block their last status writes until a timeout.
			shared = new DemoCluster(2);
		}
		return shared;
	}

	/**
	 * Stop the shared cluster, if one was started.
	 */
	static synchronized void stopShared() {
		if (shared != null) {
			shared.connect.stop();
			shared = null;
		}
	}

	/**
	 * Return the harness.
	 * @return the embedded cluster
	 */
	public EmbeddedConnectCluster connect() {
		return this.connect;
	}

	/**
	 * Return the workers, ordered by REST port.
	 * @return the workers
	 */
	public List<WorkerHandle> workers() {
		return this.connect.workers()
			.stream()
			.sorted(Comparator.comparingInt((WorkerHandle worker) -> worker.url().getPort()))
			.toList();
	}

	/**
	 * Return the {@code worker_id} of a worker ({@code localhost:port} here).
	 * @param worker the worker
	 * @return its id
	 */
	public static String workerId(WorkerHandle worker) {
		return worker.url().getHost() + ":" + worker.url().getPort();
	}

	/**
	 * Return a worker's REST base URL without a trailing slash.
	 * @param worker the worker
	 * @return the URL
	 */
	public static String url(WorkerHandle worker) {
		String url = worker.url().toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	/**
	 * Return the worker with the given id.
	 * @param workerId a worker id as Connect reports it
	 * @return the worker
	 */
	public WorkerHandle worker(String workerId) {
		return workers().stream().filter((worker) -> workerId(worker).equals(workerId)).findFirst().orElseThrow();
	}

	/**
	 * Return a connector name unique in this JVM.
	 * @param prefix a readable prefix
	 * @return the name
	 */
	public static String uniqueName(String prefix) {
		return prefix + "-" + names.incrementAndGet();
	}

	/**
	 * Return a scratch directory of this cluster's.
	 * @return the directory
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Create a FileStreamSink connector writing to the given file; its task fails at once
	 * when the file's directory does not exist.
	 * @param name the connector's name
	 * @param file the file it writes
	 * @param tasks its {@code tasks.max}
	 */
	public void createFileSink(String name, Path file, int tasks) {
		// POST /connectors: the harness does not encode names in paths ("my sink").
		this.connect.configureConnector(new CreateConnectorRequest(name, fileSinkConfig(file, tasks), null));
	}

	/**
	 * Create a FileStreamSink connector on another Connect cluster (a standalone
	 * worker's).
	 * @param name the connector's name
	 * @param file the file it writes
	 * @param tasks its {@code tasks.max}
	 * @param workerUrl the REST URL of a worker of that cluster
	 */
	public void createFileSink(String name, Path file, int tasks, String workerUrl) {
		String body = json.writeValueAsString(Map.of("name", name, "config", fileSinkConfig(file, tasks)));
		HttpRequest request = HttpRequest.newBuilder(URI.create(workerUrl + "/connectors"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.timeout(Duration.ofSeconds(30))
			.build();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 201) {
				throw new IllegalStateException(
						"creating " + name + ": " + response.statusCode() + " " + response.body());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, String> fileSinkConfig(Path file, int tasks) {
		Map<String, String> config = new HashMap<>();
		config.put("connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector");
		config.put("tasks.max", String.valueOf(tasks));
		config.put("topics", TOPIC);
		config.put("file", file.toString());
		return config;
	}

	/**
	 * Create a sink whose task fails: its file lies in a directory that does not exist.
	 * @param name the connector's name
	 * @return the missing directory; creating it lets a restart succeed
	 */
	public Path createFailingSink(String name) {
		return createFailingSink(name, 1);
	}

	/**
	 * Create a sink whose tasks all fail: its file lies in a directory that does not
	 * exist.
	 * @param name the connector's name
	 * @param tasks its {@code tasks.max}; FileStreamSink makes that many tasks
	 * @return the missing directory; creating it lets a restart succeed
	 */
	public Path createFailingSink(String name, int tasks) {
		Path missing = this.directory.resolve("missing-" + name.replaceAll("[^A-Za-z0-9-]", "_"));
		createFileSink(name, missing.resolve("out.txt"), tasks);
		for (int task = 0; task < tasks; task++) {
			awaitTaskState(name, task, "FAILED");
		}
		return missing;
	}

	/**
	 * Create a sink that runs.
	 * @param name the connector's name
	 */
	public void createHealthySink(String name) {
		createFileSink(name, this.directory.resolve(name.replaceAll("[^A-Za-z0-9-]", "_") + ".txt"), 1);
		awaitTaskState(name, 0, "RUNNING");
	}

	/**
	 * Create a sink whose {@code put} hangs (a {@link StallingSinkConnector} switched on)
	 * with records waiting on its own topic: RUNNING to Connect, moving no data.
	 * @param name the connector's name
	 * @param records records produced for it to wait on
	 */
	public void createStuckSink(String name, int records) {
		String topic = name + "-topic";
		this.connect.kafka().createTopic(topic, 1);
		StallingSinkConnector.STALLED.add(name);
		createStallingSink(name, topic);
		produce(topic, records);
	}

	/**
	 * Create a {@link StallingSinkConnector} with one task reading a topic, and wait for
	 * it to run; it moves data until its name is put in
	 * {@link StallingSinkConnector#STALLED}.
	 * @param name the connector's name
	 * @param topic the topic it reads
	 */
	public void createStallingSink(String name, String topic) {
		Map<String, String> config = new HashMap<>();
		config.put("connector.class", StallingSinkConnector.class.getName());
		config.put("tasks.max", "1");
		config.put("topics", topic);
		config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
		config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
		this.connect.configureConnector(name, config);
		awaitTaskState(name, 0, "RUNNING");
	}

	/**
	 * Produce records to a topic.
	 * @param topic the topic
	 * @param records how many
	 */
	public void produce(String topic, int records) {
		for (int i = 0; i < records; i++) {
			this.connect.kafka().produce(topic, "record-" + i);
		}
	}

	/**
	 * Wait until a task reaches a state.
	 * @param connector the connector
	 * @param task the task id
	 * @param state the state to wait for
	 * @return the task's status then
	 */
	public Task awaitTaskState(String connector, int task, String state) {
		return await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(() -> task(connector, task), (t) -> t != null && state.equals(t.state()));
	}

	/**
	 * Read a task's status from the cluster's REST API.
	 * @param connector the connector, any name (it is URL-encoded here)
	 * @param task the task id
	 * @return the task, or {@code null} when it has none with that id
	 * @throws Exception when the status cannot be read
	 */
	public Task task(String connector, int task) throws Exception {
		String encoded = URLEncoder.encode(connector, StandardCharsets.UTF_8).replace("+", "%20");
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(url(workers().get(0)) + "/connectors/" + encoded + "/status"))
			.timeout(Duration.ofSeconds(5))
			.build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			return null;
		}
		for (JsonNode node : json.readTree(response.body()).path("tasks")) {
			if (node.path("id").intValue() == task) {
				return new Task(task, node.path("state").stringValue(), node.path("worker_id").stringValue());
			}
		}
		return null;
	}

	/**
	 * A task as the cluster reports it.
	 *
	 * @param id the task id
	 * @param state its state
	 * @param workerId the worker running it
	 */
	public record Task(int id, String state, String workerId) {
	}

	/**
	 * Start one more worker as a cluster of its own (its own group and topics, on the
	 * shared broker) on a fixed port, so it can be stopped and started again at the same
	 * address.
	 * @param port the REST port
	 * @return the worker
	 */
	public WorkerHandle startStandaloneWorker(String group, int port) {
		Map<String, String> props = new HashMap<>(this.workerProps);
		props.put("listeners", "http://localhost:" + port);
		props.put("group.id", group);
		props.put("offset.storage.topic", group + "-offsets");
		props.put("config.storage.topic", group + "-configs");
		props.put("status.storage.topic", group + "-status");
		return WorkerHandle.start(group, props);
	}

	/**
	 * Return a TCP port free at the time of the call.
	 * @return the port
	 */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
