package io.connectdoctor.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.json.JsonMapper;

/**
 * The health of the targeted worker's tasks as of one poll, with the {@code /healthcheck}
 * answers rendered once per poll rather than once per request. Immutable apart from the
 * per-connector answers, which are rendered on first use.
 *
 * @author connect-doctor
 */
public final class HealthReport {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final Instant snapshotAt;

	private final Instant staleAfter;

	private final String error;

	private final List<Failure> failures;

	private final SortedMap<String, List<Failure>> byConnector;

	private final Set<String> unwatched;

	private final Answer workerAnswer;

	private final Map<String, Answer> connectorAnswers = new ConcurrentHashMap<>();

	private HealthReport(Instant snapshotAt, Instant staleAfter, String error, List<Failure> failures,
			SortedMap<String, List<Failure>> byConnector, Set<String> unwatched) {
		this.snapshotAt = snapshotAt;
		this.staleAfter = staleAfter;
		this.error = error;
		this.failures = failures;
		this.byConnector = byConnector;
		this.unwatched = unwatched;
		this.workerAnswer = (error != null) ? unavailableAnswer(error) : answer(failures);
	}

	static HealthReport of(Instant snapshotAt, Duration stalenessLimit, SortedMap<String, List<Failure>> byConnector,
			Set<String> unwatched) {
		List<Failure> all = byConnector.values().stream().flatMap(List::stream).toList();
		return new HealthReport(snapshotAt, snapshotAt.plus(stalenessLimit), null, all, byConnector,
				Set.copyOf(unwatched));
	}

	static HealthReport unavailable(String error) {
		return new HealthReport(null, null, error, List.of(), new TreeMap<>(), Set.of());
	}

	/**
	 * Return the reason no health can be given, or {@code null}.
	 * @param now the current time, to judge staleness
	 * @return why the answer is unknown, or {@code null} when it is known
	 */
	public String error(Instant now) {
		if (this.error != null) {
			return this.error;
		}
		if (now.isAfter(this.staleAfter)) {
			return "last successful read of Kafka Connect was " + seconds(Duration.between(this.snapshotAt, now))
					+ " ago, older than the staleness limit of "
					+ seconds(Duration.between(this.snapshotAt, this.staleAfter));
		}
		return null;
	}

	/**
	 * Return the counted failures on the targeted worker(s).
	 * @return the failures, empty when healthy or unknown
	 */
	public List<Failure> failures() {
		return this.failures;
	}

	/**
	 * Return every watched connector with its counted failures.
	 * @return the failures by connector name
	 */
	public SortedMap<String, List<Failure>> byConnector() {
		return this.byConnector;
	}

	/**
	 * Return when the snapshot behind this report was read.
	 * @return the time, or {@code null} when there is none
	 */
	public Instant snapshotAt() {
		return this.snapshotAt;
	}

	/**
	 * Return the answer of {@code GET /healthcheck}.
	 * @param now the current time
	 * @return the status and body
	 */
	public Answer workerAnswer(Instant now) {
		String error = error(now);
		return (error != null && this.error == null) ? unavailableAnswer(error) : this.workerAnswer;
	}

	/**
	 * Return the answer of {@code GET /healthcheck/{connector}}.
	 * @param connector the connector's name
	 * @param now the current time
	 * @return the status and body; 404 for a connector the cluster does not have
	 */
	public Answer connectorAnswer(String connector, Instant now) {
		String error = error(now);
		if (error != null) {
			return (this.error != null) ? this.workerAnswer : unavailableAnswer(error);
		}
		List<Failure> failures = this.byConnector.get(connector);
		if (failures == null) {
			String reason = this.unwatched.contains(connector)
					? "connector '" + connector + "' is not watched (connect-doctor.health.include/exclude)"
					: "no connector named '" + connector + "'";
			return new Answer(404, render(new Body("UNKNOWN", reason, List.of())));
		}
		return this.connectorAnswers.computeIfAbsent(connector, (name) -> answer(failures));
	}

	private static String seconds(Duration duration) {
		return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

	private static Answer answer(List<Failure> failures) {
		return failures.isEmpty() ? new Answer(200, render(new Body("UP", null, failures)))
				: new Answer(503, render(new Body("DOWN", null, failures)));
	}

	private static Answer unavailableAnswer(String error) {
		return new Answer(503, render(new Body("UNKNOWN", error, List.of())));
	}

	private static byte[] render(Body body) {
		return MAPPER.writeValueAsBytes(body);
	}

	/**
	 * An HTTP answer, rendered.
	 *
	 * @param status the HTTP status
	 * @param body the JSON body
	 */
	public record Answer(int status, byte[] body) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Body(String status, String error, List<Failure> failures) {
	}

}
