package io.connectdoctor.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.connectdoctor.connect.ClusterSnapshot;
import io.connectdoctor.connect.ConnectCallException;
import io.connectdoctor.connect.ConnectClient;
import io.connectdoctor.connect.PollListener;
import io.connectdoctor.connect.PollState;
import io.connectdoctor.connect.State;
import io.connectdoctor.connect.Unit;
import io.connectdoctor.connect.WorkerHealth;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;

/**
 * The answer of devshawn/kafka-connect-healthcheck at {@code GET /}, rendered once per
 * poll from the snapshot, as devshawn's tool computes it on every probe: the failed
 * connector instances and tasks on the watched worker(s), the failure rate over every
 * connector and task of the cluster (of the considered kinds), healthy when the rate is
 * at or under the threshold and no broker failure was seen.
 * <p>
 * Its broker check keeps its meaning: when no connector instance runs on the watched
 * worker, devshawn reads the first connector's configuration and takes an error as a
 * worker that lost its brokers. Here it is the worker's own {@code GET /health}
 * (KIP-1017) when it has one, else that same read, once per poll, and only once someone
 * asks {@code GET /}: a doctor nobody probes the devshawn way makes no extra call. The
 * answer is the last listener's work, so the read, held to the request deadline, delays
 * no other reader of the poll.
 *
 * @author connect-doctor
 */
final class DevshawnAnswers implements PollListener, Ordered {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final String UNREADABLE = "Exception raised while attempting to calculate health result, assuming unhealthy.";

	private final DevshawnProperties properties;

	private final List<String> failureStates;

	private final Set<State> unhealthy;

	private final ConnectClient client;

	private final Duration deadline;

	private volatile @Nullable Answer answer;

	/** Whether {@code GET /} was asked: only then is the broker check worth a call. */
	private volatile boolean asked;

	DevshawnAnswers(DevshawnProperties properties, HealthProperties health, ConnectClient client, Duration deadline) {
		this.properties = properties;
		this.unhealthy = Set.copyOf(health.failingStates());
		this.failureStates = health.failingStates().stream().map(Enum::name).toList();
		this.client = client;
		this.deadline = deadline;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * {@code GET /} was asked: devshawn's broker check is in use from the next poll on.
	 */
	void asked() {
		this.asked = true;
	}

	/**
	 * Return the answer of the latest poll.
	 * @return the answer, {@code null} before the first poll ended
	 */
	@Nullable Answer answer() {
		return this.answer;
	}

	@Override
	public void onPoll(PollState state) {
		ClusterSnapshot snapshot = state.snapshot();
		if (state.error() != null || snapshot == null) {
			String error = (state.error() != null) ? state.error().getMessage() : "no answer from Kafka Connect yet";
			this.answer = unreadable(error);
			return;
		}
		List<Map<String, Object>> failures = new ArrayList<>();
		boolean connectorsOnThisWorker = false;
		for (Unit unit : snapshot.targeted()) {
			if (!unit.isTask()) {
				if (!this.properties.considers("connector")) {
					continue;
				}
				connectorsOnThisWorker = true;
				if (this.unhealthy.contains(unit.state())) {
					Map<String, Object> failure = new LinkedHashMap<>();
					failure.put("type", "connector");
					failure.put("connector", unit.connector());
					failure.put("state", label(unit));
					failure.put("worker_id", unit.workerId());
					failures.add(failure);
				}
			}
			else if (this.properties.considers("task") && this.unhealthy.contains(unit.state())) {
				Map<String, Object> failure = new LinkedHashMap<>();
				failure.put("type", "task");
				failure.put("connector", unit.connector());
				failure.put("id", unit.taskId());
				failure.put("state", label(unit));
				failure.put("worker_id", unit.workerId());
				failure.put("trace", unit.trace());
				failures.add(failure);
			}
		}
		if (failures.size() > 1) {
			// In the order Connect listed the connectors, as devshawn's tool lists them;
			// a
			// connector's instance before its tasks (the sort is stable).
			Map<String, Integer> order = new HashMap<>();
			List<String> listed = snapshot.status().listed();
			for (int i = 0; i < listed.size(); i++) {
				order.put(listed.get(i), i);
			}
			failures.sort(Comparator.comparingInt((failure) -> order.getOrDefault(failure.get("connector"), -1)));
		}
		boolean brokerLost = false;
		if (!connectorsOnThisWorker && !snapshot.status().listed().isEmpty()) {
			String first = snapshot.status().listed().get(0);
			if (lostBrokers(state.workerHealth(), first)) {
				brokerLost = true;
				Map<String, Object> failure = new LinkedHashMap<>();
				failure.put("type", "broker");
				failure.put("connector", first);
				failures.add(failure);
			}
		}
		int containers = 0;
		for (Unit unit : snapshot.units()) {
			if (this.properties.considers(unit.isTask() ? "task" : "connector")) {
				containers++;
			}
		}
		long counted = failures.stream()
			.filter((failure) -> this.properties.considers((String) failure.get("type")))
			.count();
		double rate = (containers > 0) ? (double) counted / containers : 0.0;
		// As devshawn computes it (percentage * .01), so the same threshold prints the
		// same.
		double threshold = this.properties.failureThresholdPercentage() * .01;
		boolean healthy = rate <= threshold && !brokerLost;
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("failures", failures);
		body.put("failure_states", this.failureStates);
		body.put("failure_rate", rate);
		body.put("failure_threshold", threshold);
		body.put("healthy", healthy);
		this.answer = new Answer(healthy ? 200 : 503, MAPPER.writeValueAsBytes(body));
	}

	private boolean lostBrokers(@Nullable WorkerHealth health, String connector) {
		if (health != null && health.source() == WorkerHealth.Source.KIP_1017) {
			return health.status() == WorkerHealth.Status.UNHEALTHY
					|| health.status() == WorkerHealth.Status.UNREACHABLE;
		}
		if (!this.asked) {
			return false;
		}
		try {
			this.client.readConnector(connector).block(this.deadline.plusSeconds(1));
			return false;
		}
		catch (ConnectCallException ex) {
			return true;
		}
	}

	private static String label(Unit unit) {
		return unit.state().name().toUpperCase(Locale.ROOT);
	}

	private Answer unreadable(String error) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("healthy", false);
		body.put("message", UNREADABLE);
		body.put("error", error);
		body.put("failure_states", this.failureStates);
		return new Answer(503, MAPPER.writeValueAsBytes(body));
	}

	/**
	 * An answer, rendered.
	 *
	 * @param status the HTTP status
	 * @param body the JSON body
	 */
	record Answer(int status, byte[] body) {
	}

}
