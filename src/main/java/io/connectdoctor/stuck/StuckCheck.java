package io.connectdoctor.stuck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.connectdoctor.connect.ClusterSnapshot;
import io.connectdoctor.connect.ConnectClient;
import io.connectdoctor.connect.ConnectPoller;
import io.connectdoctor.connect.ConnectorStatus;
import io.connectdoctor.connect.LogText;
import io.connectdoctor.connect.PollListener;
import io.connectdoctor.connect.PollState;
import io.connectdoctor.connect.ProblemLog;
import io.connectdoctor.connect.State;
import io.connectdoctor.connect.StuckTasks;
import io.connectdoctor.connect.Unit;
import io.connectdoctor.connect.UnitId;
import io.connectdoctor.healing.Healer;
import io.connectdoctor.healing.RestartResult;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Finds RUNNING tasks that have stopped moving data. Every
 * {@code connect-doctor.stuck.interval} it reads, for the RUNNING tasks on the targeted
 * worker(s) in the latest snapshot (it is the last poll listener):
 * <ul>
 * <li>for sink connectors, their consumer groups ({@code connect-<name>}, or the
 * connector's {@code consumer.override.group.id}) with Kafka's {@code Admin} client, in
 * batched calls ({@link SinkOffsets});</li>
 * <li>for source connectors named by {@code source-include}, their offsets from Connect
 * ({@code GET /connectors/{c}/offsets}, KIP-875).</li>
 * </ul>
 * and lets the {@link StuckJudge} decide over a window of samples. The tasks it finds
 * stuck are published for the poller ({@link StuckTasks}), which shows them as
 * {@link State#STUCK} in every later snapshot. A loop of its own on Spring's scheduler:
 * the poll and the probes never wait on Kafka.
 * <p>
 * Kafka unreachable, or the doctor not let in, is not Connect trouble: the check says why
 * (the {@code kafka} health component) and judges no sink task until Kafka answers again.
 *
 * @author connect-doctor
 */
public final class StuckCheck
		implements StuckTasks, PollListener, SchedulingConfigurer, Healer.HealingListener, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(StuckCheck.class);

	/**
	 * The connector setting that names a sink's consumer group instead of the default.
	 */
	static final String GROUP_OVERRIDE = "consumer.override.group.id";

	/** How long a sink connector's consumer group is taken as read. */
	static final Duration CONFIG_REFRESH = Duration.ofMinutes(10);

	/** Connect calls of one check in flight at once. */
	private static final int CONNECT_CONCURRENCY = 4;

	private final KafkaProperties kafka;

	private final StuckProperties properties;

	/** The latest poll, as published to the listeners. */
	private volatile PollState latest = PollState.INITIAL;

	private final ConnectClient client;

	private final Clock clock;

	private final Function<Map<String, Object>, Admin> adminFactory;

	private final List<Pattern> sourceInclude;

	private final StuckJudge sinkJudge;

	/**
	 * How long one check may spend on Connect calls: one interval, but at least the
	 * request deadline (an offsets read may take a second); what is not read by then is
	 * read next time.
	 */
	private final Duration readBudget;

	private final StuckJudge sourceJudge;

	/** Each sink connector's consumer group, and when it was read. */
	private final Map<String, GroupId> groupIds = new HashMap<>();

	/** Which task last held each partition of a group with lag. */
	private final Map<String, Map<TopicPartition, Integer>> lastOwners = new HashMap<>();

	private final ProblemLog kafkaProblems = new ProblemLog(logger);

	private final ProblemLog configProblems = new ProblemLog(logger);

	private final ProblemLog offsetProblems = new ProblemLog(logger);

	private @Nullable Admin admin;

	private @Nullable SinkOffsets sinkOffsets;

	private Map<UnitId, StuckTask> sinkStuck = Map.of();

	private Map<UnitId, StuckTask> sourceStuck = Map.of();

	private volatile StuckReport report = new StuckReport(null, StuckReport.Kafka.UNKNOWN, Map.of(),
			Collections.emptySortedMap(), 0, 0, 0, Duration.ZERO);

	private volatile Map<UnitId, String> reasons = Map.of();

	StuckCheck(KafkaProperties kafka, StuckProperties properties, ConnectClient client, Clock clock,
			Function<Map<String, Object>, Admin> adminFactory) {
		this.kafka = kafka;
		this.properties = properties;
		this.client = client;
		this.clock = clock;
		this.adminFactory = adminFactory;
		this.sourceInclude = properties.compiledSourceInclude();
		this.sinkJudge = new StuckJudge(properties.after());
		this.readBudget = (properties.interval().compareTo(properties.requestTimeout()) > 0) ? properties.interval()
				: properties.requestTimeout();
		this.sourceJudge = new StuckJudge(properties.after());
	}

	/** Only takes note of the poll: the check reads its snapshot on its own schedule. */
	@Override
	public void onPoll(PollState state) {
		this.latest = state;
	}

	@Override
	public Map<UnitId, String> current() {
		return this.reasons;
	}

	/** A whole window, and one more sample to judge it. */
	@Override
	public Duration judgedWithin() {
		return this.properties.after().plus(this.properties.interval());
	}

	/**
	 * Return what the latest check found.
	 * @return the report
	 */
	public StuckReport report() {
		return this.report;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		Duration first = (this.properties.interval().compareTo(Duration.ofSeconds(1)) < 0) ? this.properties.interval()
				: Duration.ofSeconds(1);
		registrar.addFixedDelayTask(
				new FixedDelayTask(new ConnectPoller.Named(this::guardedCheck, StuckCheck.class.getName() + ".check"),
						this.properties.interval(), first));
		logger.info("Stuck-task check on: Kafka at {} every {}; a task is STUCK after {} without progress{}",
				LogText.of(this.kafka.bootstrapServers()), this.properties.interval(), this.properties.after(),
				this.sourceInclude.isEmpty() ? " (sink connectors only)"
						: " (sink connectors, and source connectors matching " + this.properties.sourceInclude() + ")");
	}

	private void guardedCheck() {
		try {
			check();
		}
		catch (RuntimeException ex) {
			if (Thread.currentThread().isInterrupted()) {
				return;
			}
			logger.error("Stuck-task check failed: {}", LogText.of(ex.toString()), ex);
		}
	}

	/**
	 * One check: read the offsets of the RUNNING tasks of the latest snapshot, judge,
	 * publish.
	 */
	void check() {
		PollState state = this.latest;
		ClusterSnapshot snapshot = state.snapshot();
		Instant started = this.clock.instant();
		if (snapshot == null || !state.isCurrent()) {
			// Which tasks run is not known now, so none is judged (offsets alone would
			// judge the wrong set); whether Kafka answers is still worth knowing.
			StuckReport.Kafka kafkaState = readKafka(() -> sinkOffsets().read(List.of()));
			synchronized (this) {
				StuckReport current = this.report;
				publish(new StuckReport(this.clock.instant(), kafkaState, current.stuck(), current.lags(),
						current.watched(), kafkaRequests(), current.checks() + 1,
						Duration.between(started, this.clock.instant())));
			}
			return;
		}
		Map<String, List<UnitId>> sinks = new LinkedHashMap<>();
		Map<String, List<UnitId>> sources = new LinkedHashMap<>();
		for (Unit unit : snapshot.targeted()) {
			if (!unit.isTask() || (unit.state() != State.RUNNING && unit.state() != State.STUCK)) {
				continue;
			}
			ConnectorStatus connector = snapshot.connector(unit.connector());
			String type = (connector != null) ? connector.type() : null;
			if ("sink".equals(type)) {
				sinks.computeIfAbsent(unit.connector(), (name) -> new ArrayList<>()).add(unit.unitId());
			}
			else if ("source".equals(type) && includesSource(unit.connector())) {
				sources.computeIfAbsent(unit.connector(), (name) -> new ArrayList<>()).add(unit.unitId());
			}
		}
		Map<String, String> groups = groupIds(sinks.keySet(), started);
		SortedMap<String, StuckReport.ConnectorLag> lags = new TreeMap<>();
		List<TaskReading> read = new ArrayList<>();
		StuckReport.Kafka kafkaState = readKafka(
				() -> readSinks(sinks, groups, sinkOffsets().read(new TreeSet<>(groups.values())), lags, read));
		List<TaskReading> sinkReadings = (kafkaState.state() == StuckReport.KafkaState.UP) ? read : null;
		List<TaskReading> sourceReadings = readSources(sources);
		Instant now = this.clock.instant();
		synchronized (this) {
			if (sinkReadings != null) {
				this.sinkStuck = this.sinkJudge.judge(sinkReadings, started);
			}
			else {
				// Unknown is not stuck: the windows are kept for when Kafka answers.
				this.sinkStuck = Map.of();
			}
			this.sourceStuck = this.sourceJudge.judge(sourceReadings, started);
			// A sink task dropped because Kafka cannot be read is not judged, not moving.
			publish(new StuckReport(now, kafkaState, merged(), lags,
					this.sinkJudge.watched() + this.sourceJudge.watched(), kafkaRequests(), this.report.checks() + 1,
					Duration.between(started, this.clock.instant())),
					(sinkReadings != null) ? "moving-again" : "not-judged-while-kafka-cannot-be-read");
		}
	}

	/**
	 * Read Kafka, and say whether it answered: a problem is logged once, keyed without a
	 * group's name (one line for one problem, however many groups), and once when it is
	 * over.
	 */
	private StuckReport.Kafka readKafka(KafkaRead read) {
		try {
			read.run();
			this.kafkaProblems.resolved("Kafka at " + this.kafka.bootstrapServers() + " answers again");
			return StuckReport.Kafka.UP;
		}
		catch (SinkOffsets.KafkaTrouble ex) {
			String reason = (ex.isAccessProblem() ? "not let in: " : "cannot read Kafka: ") + ex.getMessage();
			this.kafkaProblems.report(reason.replaceAll(" of \\S+ ", " "),
					"Stuck-task check: {} (Kafka at {}); sink tasks are not judged until it answers", reason,
					this.kafka.bootstrapServers());
			return new StuckReport.Kafka(StuckReport.KafkaState.DOWN, reason);
		}
	}

	/** A read of Kafka that may find it unreachable. */
	@FunctionalInterface
	private interface KafkaRead {

		void run() throws SinkOffsets.KafkaTrouble;

	}

	private boolean includesSource(String connector) {
		for (Pattern pattern : this.sourceInclude) {
			if (pattern.matcher(connector).matches()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Each sink connector's consumer group: read from its configuration at most every
	 * {@link #CONFIG_REFRESH}, at most {@link #CONNECT_CONCURRENCY} reads at once and for
	 * no longer than {@link #readBudget}; a connector not read yet has the default group
	 * for now and is read again next time.
	 */
	private Map<String, String> groupIds(Set<String> sinks, Instant now) {
		this.groupIds.keySet().retainAll(sinks);
		List<String> due = new ArrayList<>();
		for (String sink : sinks) {
			GroupId known = this.groupIds.get(sink);
			if (known == null || !now.isBefore(known.readAt().plus(CONFIG_REFRESH))) {
				due.add(sink);
			}
		}
		if (!due.isEmpty()) {
			List<Map.Entry<String, String>> read = Flux.fromIterable(due)
				.flatMap((sink) -> this.client.connectorConfigValue(sink, GROUP_OVERRIDE)
					.map((group) -> Map.entry(sink, group.orElse(defaultGroup(sink))))
					.onErrorResume((ex) -> {
						this.configProblems.report("config",
								"Stuck-task check: cannot read a sink connector's configuration ({}); its default "
										+ "consumer group is used until it can be read",
								ex.getMessage());
						return Mono.empty();
					}), CONNECT_CONCURRENCY)
				.take(this.readBudget)
				.collectList()
				.block();
			if (read != null) {
				for (Map.Entry<String, String> entry : read) {
					// A first read counts as up to half a refresh period old, so that
					// 10,000
					// sinks read at start-up are not all read again in the same check ten
					// minutes later, but a few every check.
					Instant readAt = this.groupIds.containsKey(entry.getKey()) ? now
							: now.minusMillis(ThreadLocalRandom.current().nextLong(CONFIG_REFRESH.toMillis() / 2));
					this.groupIds.put(entry.getKey(), new GroupId(entry.getValue(), readAt));
				}
				if (read.size() == due.size()) {
					this.configProblems.resolved("Stuck-task check: sink connectors' configurations read again");
				}
			}
		}
		Map<String, String> groups = new LinkedHashMap<>();
		for (String sink : sinks) {
			GroupId known = this.groupIds.get(sink);
			groups.put(sink, (known != null) ? known.group() : defaultGroup(sink));
		}
		return groups;
	}

	private static String defaultGroup(String connector) {
		return "connect-" + connector;
	}

	private SinkOffsets sinkOffsets() throws SinkOffsets.KafkaTrouble {
		if (this.sinkOffsets == null) {
			try {
				this.admin = this.adminFactory.apply(this.kafka.adminConfig());
			}
			catch (RuntimeException ex) {
				// An address that does not resolve yet, say: tried again next time.
				throw new SinkOffsets.KafkaTrouble("cannot create Kafka's Admin client: " + ex.getMessage(), ex, false,
						true);
			}
			this.sinkOffsets = new SinkOffsets(this.admin, this.properties.requestTimeout());
		}
		return this.sinkOffsets;
	}

	/**
	 * Turn the groups read into one reading per RUNNING task: the partitions it holds (as
	 * the group's members say, or as they last said for a partition nobody holds now: a
	 * task whose consumer left the group while it hung), their committed offsets and lag.
	 */
	private void readSinks(Map<String, List<UnitId>> sinks, Map<String, String> groups,
			Map<String, SinkOffsets.Group> read, SortedMap<String, StuckReport.ConnectorLag> lags,
			List<TaskReading> readings) {
		Set<String> lagging = new HashSet<>();
		for (Map.Entry<String, List<UnitId>> sink : sinks.entrySet()) {
			String connector = sink.getKey();
			String groupName = groups.get(connector);
			SinkOffsets.Group group = read.get(groupName);
			if (group == null) {
				continue;
			}
			long lag = group.lag();
			lags.put(connector, new StuckReport.ConnectorLag(groupName, lag, group.committed().size()));
			String source = "consumer group " + groupName;
			if (lag == 0) {
				for (UnitId task : sink.getValue()) {
					readings.add(new TaskReading(task, 0, 0, source));
				}
				continue;
			}
			lagging.add(groupName);
			Map<TopicPartition, Integer> owners = this.lastOwners.computeIfAbsent(groupName, (g) -> new HashMap<>());
			String clientPrefix = "connector-consumer-" + connector + "-";
			group.owners().forEach((partition, clientId) -> {
				Integer task = taskOf(clientId, clientPrefix);
				if (task != null) {
					owners.put(partition, task);
				}
			});
			Map<Integer, long[]> byTask = new HashMap<>();
			for (Map.Entry<TopicPartition, Long> committed : group.committed().entrySet()) {
				Integer task = owners.get(committed.getKey());
				if (task == null) {
					continue;
				}
				long[] folded = byTask.computeIfAbsent(task, (t) -> new long[2]);
				folded[0] = 31 * folded[0] + committed.getKey().hashCode() + committed.getValue();
				folded[1] += group.lag(committed.getKey());
			}
			for (UnitId task : sink.getValue()) {
				long[] folded = byTask.get(task.taskId());
				readings.add((folded != null) ? new TaskReading(task, folded[0], folded[1], source)
						: new TaskReading(task, 0, 0, source));
			}
		}
		this.lastOwners.keySet().retainAll(lagging);
	}

	private static @Nullable Integer taskOf(String clientId, String prefix) {
		if (!clientId.startsWith(prefix)) {
			return null;
		}
		try {
			return Integer.valueOf(clientId.substring(prefix.length()));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * One reading per RUNNING task of each included source connector: its connector's
	 * offsets from Connect, at most {@link #CONNECT_CONCURRENCY} reads at once and for no
	 * longer than one interval.
	 */
	private List<TaskReading> readSources(Map<String, List<UnitId>> sources) {
		if (sources.isEmpty()) {
			return List.of();
		}
		List<Map.Entry<String, OptionalLong>> read = Flux.fromIterable(sources.keySet())
			.flatMap((source) -> this.client.connectorOffsetsFingerprint(source)
				.map((fingerprint) -> Map.entry(source, fingerprint))
				.onErrorResume((ex) -> {
					this.offsetProblems.report("error", "Stuck-task check: cannot read a source connector's offsets "
							+ "({}); it is not judged until they can be read", ex.getMessage());
					return Mono.empty();
				}), CONNECT_CONCURRENCY)
			.take(this.readBudget)
			.collectList()
			.block();
		List<TaskReading> readings = new ArrayList<>();
		if (read == null) {
			return readings;
		}
		for (Map.Entry<String, OptionalLong> entry : read) {
			if (entry.getValue().isEmpty()) {
				this.offsetProblems.report("404",
						"Stuck-task check: Kafka Connect answered 404 to GET "
								+ "/connectors/{}/offsets; source offsets need Kafka 3.5 or later (KIP-875)",
						entry.getKey());
				continue;
			}
			for (UnitId task : sources.get(entry.getKey())) {
				readings.add(new TaskReading(task, entry.getValue().getAsLong(), TaskReading.NO_LAG, "source offsets"));
			}
		}
		return readings;
	}

	private Map<UnitId, StuckTask> merged() {
		Map<UnitId, StuckTask> stuck = new HashMap<>(this.sinkStuck);
		stuck.putAll(this.sourceStuck);
		return stuck;
	}

	private void publish(StuckReport next) {
		publish(next, "moving-again");
	}

	/**
	 * Publish a report, logging each task that became stuck, and each that no longer is
	 * with the given action.
	 */
	private void publish(StuckReport next, String noLongerStuck) {
		Map<UnitId, String> byTask = new HashMap<>();
		next.stuck().forEach((task, verdict) -> byTask.put(task, verdict.reason()));
		StuckReport previous = this.report;
		for (UnitId task : next.stuck().keySet()) {
			if (!previous.stuck().containsKey(task)) {
				StuckTask verdict = next.stuck().get(task);
				logger.warn("stuck unit={} since={} lag={} reason=\"{}\"", LogText.of(task), verdict.since(),
						verdict.lag(), LogText.of(verdict.reason()));
			}
		}
		for (UnitId task : previous.stuck().keySet()) {
			if (!next.stuck().containsKey(task)) {
				logger.info("stuck unit={} action={}", LogText.of(task), noLongerStuck);
			}
		}
		this.report = next;
		this.reasons = Map.copyOf(byTask);
	}

	/** Requests the Admin client has sent, from Kafka's own client metrics. */
	private long kafkaRequests() {
		Admin current = this.admin;
		if (current == null) {
			return 0;
		}
		double total = 0;
		for (Map.Entry<MetricName, ? extends Metric> metric : current.metrics().entrySet()) {
			if (metric.getKey().name().equals("request-total")
					&& metric.getKey().group().equals("admin-client-metrics")) {
				Object value = metric.getValue().metricValue();
				total += (value instanceof Number number) ? number.doubleValue() : 0;
			}
		}
		return (long) total;
	}

	/**
	 * A task the healer restarted has a new window: {@code after} to show it moves.
	 */
	@Override
	public void onRestart(UnitId unit, RestartResult result) {
		if (result != RestartResult.ACCEPTED || !unit.isTask()) {
			return;
		}
		synchronized (this) {
			Instant now = this.clock.instant();
			this.sinkJudge.restarted(unit, now);
			this.sourceJudge.restarted(unit, now);
			if (this.report.stuck().containsKey(unit)) {
				Map<UnitId, StuckTask> sink = new HashMap<>(this.sinkStuck);
				sink.remove(unit);
				this.sinkStuck = sink;
				Map<UnitId, StuckTask> source = new HashMap<>(this.sourceStuck);
				source.remove(unit);
				this.sourceStuck = source;
				StuckReport current = this.report;
				// Not moving yet: restarted, and judged afresh after stuck.after.
				publish(new StuckReport(current.checkedAt(), current.kafka(), merged(), current.lags(),
						current.watched(), current.kafkaRequests(), current.checks(), current.took()), "restarted");
			}
		}
	}

	@Override
	public void destroy() {
		Admin current = this.admin;
		if (current != null) {
			current.close(Duration.ofSeconds(5));
		}
	}

	private record GroupId(String group, Instant readAt) {
	}

}
