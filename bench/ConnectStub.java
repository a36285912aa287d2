import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fast stand-in for Kafka Connect's REST API, for benchmarks only: N connectors x 4 tasks
 * over 3 workers (worker-0:8083, worker-1:8083, worker-2:8083), with either a fixed number of
 * FAILED tasks on worker-0, a percentage of all tasks FAILED, or a percentage of worker-0's
 * tasks FAILED (a storm on the sidecar's own worker), each with a 2 KB trace. Every answer is
 * rendered once at start; every request is counted (GET /stub/counters, which also gives the
 * most restarts seen in any 60 s). A restart answers 204 after the given delay, as a task stop
 * blocked on a dead database does.
 *
 *   java bench/ConnectStub.java <port> <connectors> fixed:<n> | percent:<p> | worker0:<p> [restart-delay-ms]
 */
public class ConnectStub {

	static final Map<String, AtomicLong> counters = new LinkedHashMap<>();

	static final List<Long> restarts = new ArrayList<>();

	public static void main(String[] args) throws IOException {
		int port = Integer.parseInt(args[0]);
		int connectors = Integer.parseInt(args[1]);
		String failures = args[2];
		String trace = trace(2048);
		StringBuilder expanded = new StringBuilder("{");
		StringBuilder list = new StringBuilder("[");
		Map<String, byte[]> statuses = new HashMap<>();
		int taskIndex = 0;
		int fixedLeft = failures.startsWith("fixed:") ? Integer.parseInt(failures.substring(6)) : 0;
		double percent = failures.startsWith("percent:") ? Double.parseDouble(failures.substring(8)) : 0;
		int every = (percent > 0) ? (int) Math.round(100 / percent) : Integer.MAX_VALUE;
		double workerPercent = failures.startsWith("worker0:") ? Double.parseDouble(failures.substring(8)) : 0;
		int everyOnWorker0 = (workerPercent > 0) ? (int) Math.round(100 / workerPercent) : Integer.MAX_VALUE;
		int worker0Tasks = 0;
		long restartDelay = (args.length > 3) ? Long.parseLong(args[3]) : 0;
		for (int c = 0; c < connectors; c++) {
			String name = String.format("connector-%05d", c);
			StringBuilder status = new StringBuilder();
			status.append("{\"name\":\"").append(name).append("\",\"connector\":{\"state\":\"RUNNING\",\"worker_id\":\"worker-")
				.append(c % 3).append(":8083\"},\"tasks\":[");
			for (int t = 0; t < 4; t++, taskIndex++) {
				int worker = taskIndex % 3;
				boolean failed;
				if (workerPercent > 0) {
					failed = worker == 0 && worker0Tasks++ % everyOnWorker0 == 0;
				}
				else {
					failed = (percent > 0) ? (taskIndex % every == 0) : (worker == 0 && fixedLeft > 0);
				}
				if (failed && percent == 0) {
					fixedLeft--;
				}
				if (t > 0) {
					status.append(',');
				}
				status.append("{\"id\":").append(t).append(",\"state\":\"").append(failed ? "FAILED" : "RUNNING")
					.append("\",\"worker_id\":\"worker-").append(worker).append(":8083\"");
				if (failed) {
					status.append(",\"trace\":\"").append(trace).append('"');
				}
				status.append('}');
			}
			status.append("],\"type\":\"sink\"}");
			statuses.put(name, status.toString().getBytes(StandardCharsets.UTF_8));
			if (c > 0) {
				expanded.append(',');
				list.append(',');
			}
			expanded.append('"').append(name).append("\":{\"status\":").append(status)
				.append(",\"info\":{\"name\":\"").append(name)
				.append("\",\"config\":{\"connector.class\":\"org.apache.kafka.connect.file.FileStreamSinkConnector\",")
				.append("\"tasks.max\":\"4\",\"topics\":\"bench\",\"name\":\"").append(name)
				.append("\"},\"tasks\":[],\"type\":\"sink\"}}");
			list.append('"').append(name).append('"');
		}
		byte[] expandedBytes = expanded.append('}').toString().getBytes(StandardCharsets.UTF_8);
		byte[] listBytes = list.append(']').toString().getBytes(StandardCharsets.UTF_8);
		byte[] health = "{\"status\":\"healthy\",\"message\":\"Worker has completed startup and is ready to handle requests.\"}"
			.getBytes(StandardCharsets.UTF_8);
		for (String counter : new String[] { "expanded", "list", "status", "health", "restart", "config", "token", "ingest",
				"ingest_bytes", "ingest_records", "other" }) {
			counters.put(counter, new AtomicLong());
		}
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
		// Threads to spare for restarts that take their time: a slow restart must not hold up a poll.
		server.setExecutor(Executors.newFixedThreadPool(16));
		server.createContext("/", (exchange) -> {
			String path = exchange.getRequestURI().getRawPath();
			String query = exchange.getRequestURI().getRawQuery();
			if (path.equals("/stub/counters")) {
				StringBuilder json = new StringBuilder("{");
				counters.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v.get()));
				json.append(",\"restart_max_per_minute\":").append(maxPerMinute());
				send(exchange, 200, json.append('}').toString().getBytes(StandardCharsets.UTF_8));
			}
			else if (path.equals("/health")) {
				counters.get("health").incrementAndGet();
				send(exchange, 200, health);
			}
			else if (path.equals("/connectors") && query != null && query.contains("expand=status")) {
				counters.get("expanded").incrementAndGet();
				send(exchange, 200, expandedBytes);
			}
			else if (path.equals("/connectors")) {
				counters.get("list").incrementAndGet();
				send(exchange, 200, listBytes);
			}
			else if (path.startsWith("/connectors/") && path.endsWith("/status")) {
				counters.get("status").incrementAndGet();
				String name = URLDecoder.decode(path.substring(12, path.length() - 7), StandardCharsets.UTF_8);
				byte[] body = statuses.get(name);
				send(exchange, (body != null) ? 200 : 404, (body != null) ? body
						: "{\"error_code\":404,\"message\":\"No status found\"}".getBytes(StandardCharsets.UTF_8));
			}
			else if (path.startsWith("/connectors/") && path.endsWith("/config")) {
				// What the stuck-task check reads of a sink: its consumer group override (none here).
				counters.get("config").incrementAndGet();
				String name = URLDecoder.decode(path.substring(12, path.length() - 7), StandardCharsets.UTF_8);
				send(exchange, 200, ("{\"connector.class\":\"org.apache.kafka.connect.file.FileStreamSinkConnector\","
						+ "\"name\":\"" + name + "\",\"tasks.max\":\"4\",\"topics\":\"bench\"}")
					.getBytes(StandardCharsets.UTF_8));
			}
			else if (path.endsWith("/oauth2/v2.0/token") && exchange.getRequestMethod().equals("POST")) {
				// Microsoft Entra's token endpoint, for status records sent to Azure Monitor.
				counters.get("token").incrementAndGet();
				exchange.getRequestBody().readAllBytes();
				send(exchange, 200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"bench\"}"
					.getBytes(StandardCharsets.UTF_8));
			}
			else if (path.startsWith("/dataCollectionRules/") && exchange.getRequestMethod().equals("POST")) {
				// Azure Monitor's Logs Ingestion API: counts requests, bytes and records.
				byte[] body = exchange.getRequestBody().readAllBytes();
				counters.get("ingest").incrementAndGet();
				counters.get("ingest_bytes").addAndGet(body.length);
				String text = new String(body, StandardCharsets.UTF_8);
				int records = 0;
				for (int i = text.indexOf("\"TimeGenerated\""); i >= 0; i = text.indexOf("\"TimeGenerated\"", i + 1)) {
					records++;
				}
				counters.get("ingest_records").addAndGet(records);
				exchange.sendResponseHeaders(204, -1);
				exchange.close();
			}
			else if (path.endsWith("/restart") && exchange.getRequestMethod().equals("POST")) {
				counters.get("restart").incrementAndGet();
				synchronized (restarts) {
					restarts.add(System.nanoTime());
				}
				if (restartDelay > 0) {
					try {
						Thread.sleep(restartDelay);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				exchange.sendResponseHeaders(204, -1);
				exchange.close();
			}
			else {
				counters.get("other").incrementAndGet();
				send(exchange, 404, "{\"error_code\":404,\"message\":\"not found\"}".getBytes(StandardCharsets.UTF_8));
			}
		});
		server.start();
		System.out.printf("stub: %d connectors, %d tasks, expanded answer %d bytes, on port %d%n", connectors,
				connectors * 4, expandedBytes.length, port);
	}

	/** The most restarts that arrived within any 60 s. */
	static int maxPerMinute() {
		synchronized (restarts) {
			int most = 0;
			for (int i = 0, j = 0; j < restarts.size(); j++) {
				while (restarts.get(j) - restarts.get(i) >= 60_000_000_000L) {
					i++;
				}
				most = Math.max(most, j - i + 1);
			}
			return most;
		}
	}

	static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	static String trace(int length) {
		StringBuilder trace = new StringBuilder(
				"org.apache.kafka.connect.errors.ConnectException: java.sql.SQLException: Connection refused\\n");
		int frame = 0;
		while (trace.length() < length) {
			trace.append("\\tat org.example.sink.JdbcSinkTask.put(JdbcSinkTask.java:").append(100 + frame++).append(")\\n");
		}
		return trace.substring(0, length);
	}

}
