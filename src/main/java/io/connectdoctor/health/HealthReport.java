package io.connectdoctor.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The health of the targeted worker's units as of one poll: the {@link Verdict verdicts},
 * and the {@code /healthcheck} answers rendered once per poll rather than once per
 * request. Immutable apart from the per-connector answers, which are rendered on first
 * use.
 *
 * @author connect-doctor
 */
public final class HealthReport {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final @Nullable Instant snapshotAt;

	private final @Nullable Instant staleAfter;

	private final @Nullable String error;

	private final List<Failure> failures;

	private final SortedMap<String, List<Failure>> byConnector;

	private final Set<String> unwatched;

	private final Answer workerAnswer;

	private final Map<String, Answer> connectorAnswers = new ConcurrentHashMap<>();

	private HealthReport(@Nullable Instant snapshotAt, @Nullable Instant staleAfter, @Nullable String error,
			List<Failure> failures, SortedMap<String, List<Failure>> byConnector, Set<String> unwatched) {
		this.snapshotAt = snapshotAt;
		this.staleAfter = staleAfter;
		this.error = error;
		this.failures = failures;
		this.byConnector = byConnector;
		this.unwatched = unwatched;
		this.workerAnswer = render((error != null) ? Verdict.unknown(error) : Verdict.of(failures));
	}

	/**
	 * Create the report of one poll.
	 * @param snapshotAt when the snapshot was read
	 * @param stalenessLimit how long its answers hold
	 * @param failures the counted failures, in the order of {@code byConnector}
	 * @param byConnector every watched connector with its counted failures; not changed
	 * afterwards
	 * @param unwatched the connectors left out by include/exclude
	 * @return the report
	 */
	static HealthReport of(Instant snapshotAt, Duration stalenessLimit, List<Failure> failures,
			SortedMap<String, List<Failure>> byConnector, Set<String> unwatched) {
		return new HealthReport(snapshotAt, snapshotAt.plus(stalenessLimit), null, List.copyOf(failures), byConnector,
				Set.copyOf(unwatched));
	}

	static HealthReport unavailable(String error) {
		return new HealthReport(null, null, error, List.of(), new TreeMap<>(), Set.of());
	}

	/**
	 * Return why an answer read at {@code since} is too old to trust at {@code now}: the
	 * one staleness rule of every verdict.
	 * @param what what was read, for the message
	 * @param since when it was read
	 * @param limit the staleness limit
	 * @param now the current time
	 * @return the reason, or {@code null} while it is fresh
	 */
	static @Nullable String staleness(String what, Instant since, Duration limit, Instant now) {
		Duration age = Duration.between(since, now);
		if (age.compareTo(limit) <= 0) {
			return null;
		}
		return what + " was " + seconds(age) + " ago, older than the staleness limit of " + seconds(limit);
	}

	/**
	 * Return the reason no health can be given, or {@code null}.
	 * @param now the current time, to judge staleness
	 * @return why the answer is unknown, or {@code null} when it is known
	 */
	public @Nullable String error(Instant now) {
		if (this.error != null || this.snapshotAt == null || this.staleAfter == null) {
			return this.error;
		}
		return staleness("last successful read of Kafka Connect", this.snapshotAt,
				Duration.between(this.snapshotAt, this.staleAfter), now);
	}

	/**
	 * Return the verdict on every targeted unit.
	 * @param now the current time
	 * @return the verdict
	 */
	public Verdict verdict(Instant now) {
		String error = error(now);
		return (error != null) ? Verdict.unknown(error) : Verdict.of(this.failures);
	}

	/**
	 * Return the verdict on one connector's targeted units.
	 * @param connector the connector's name
	 * @param now the current time
	 * @return the verdict; {@link Verdict.Kind#NOT_FOUND} for a connector the cluster
	 * does not have or that is not watched
	 */
	public Verdict verdict(String connector, Instant now) {
		String error = error(now);
		if (error != null) {
			return Verdict.unknown(error);
		}
		List<Failure> failures = this.byConnector.get(connector);
		if (failures == null) {
			return Verdict.notFound(this.unwatched.contains(connector)
					? "connector '" + connector + "' is not watched (connect-doctor.health.include/exclude)"
					: "no connector named '" + connector + "'");
		}
		return Verdict.of(failures);
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
	public @Nullable Instant snapshotAt() {
		return this.snapshotAt;
	}

	/**
	 * Return the answer of {@code GET /healthcheck}.
	 * @param now the current time
	 * @return the status and body
	 */
	public Answer workerAnswer(Instant now) {
		String error = error(now);
		return (error != null && this.error == null) ? render(Verdict.unknown(error)) : this.workerAnswer;
	}

	/**
	 * Return the answer of {@code GET /healthcheck/{connector}}.
	 * @param connector the connector's name
	 * @param now the current time
	 * @return the status and body; 404 for a connector the cluster does not have
	 */
	public Answer connectorAnswer(String connector, Instant now) {
		if (error(now) != null) {
			return workerAnswer(now);
		}
		if (!this.byConnector.containsKey(connector)) {
			return render(verdict(connector, now));
		}
		return this.connectorAnswers.computeIfAbsent(connector, (name) -> render(verdict(name, now)));
	}

	private static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

	private static Answer render(Verdict verdict) {
		return new Answer(verdict.httpStatus(),
				MAPPER.writeValueAsBytes(new Body(verdict.label(), verdict.error(), verdict.failures())));
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
	record Body(String status, @Nullable String error, List<Failure> failures) {
	}

}
