package io.connectdoctor.connect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The one scheduled reader of the cluster. Each cycle reads every connector's status and
 * the worker's own health, publishes an immutable {@link PollState}, and tells the
 * {@link PollListener listeners}. Probes read the published state and never wait on
 * Connect; the healer reads it on a schedule of its own, so a restart never holds up a
 * poll.
 * <p>
 * Scheduled with Spring's {@link TaskScheduler} (so {@code /actuator/scheduledtasks}
 * lists it), with a fixed delay: polls never overlap. The first poll starts at once,
 * while the rest of the application starts, so the first correct answer is ready about
 * when the web server is.
 *
 * @author connect-doctor
 */
public final class ConnectPoller implements SchedulingConfigurer, InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(ConnectPoller.class);

	private final ConnectClient client;

	private final Duration interval;

	private final WorkerSelector target;

	private final Clock clock;

	private final List<PollListener> listeners;

	private final TaskScheduler scheduler;

	private final StuckTasks stuck;

	private final AtomicReference<PollState> state = new AtomicReference<>(PollState.INITIAL);

	/**
	 * Whether a cycle is under way: the early first poll and the schedule never overlap.
	 */
	private final AtomicBoolean polling = new AtomicBoolean();

	private final ProblemLog readProblems = new ProblemLog(logger);

	private final ProblemLog cycleProblems = new ProblemLog(logger);

	private WorkerHealth.@Nullable Source lastHealthSource;

	ConnectPoller(ConnectClient client, ConnectProperties properties, WorkerSelector target, Clock clock,
			List<PollListener> listeners, TaskScheduler scheduler, StuckTasks stuck) {
		this.client = client;
		this.interval = properties.pollInterval();
		this.target = target;
		this.clock = clock;
		this.listeners = List.copyOf(listeners);
		this.scheduler = scheduler;
		this.stuck = stuck;
	}

	/**
	 * Return the state published by the latest cycle.
	 * @return the current poll state
	 */
	public PollState current() {
		return this.state.get();
	}

	/**
	 * Run one poll cycle now, on the calling thread, and publish its outcome.
	 * @return the published state
	 */
	public synchronized PollState pollNow() {
		Instant started = this.clock.instant();
		var results = Mono
			.zip(CallResult.of(this.client.clusterStatus(), "poll"), CallResult.of(this.client.workerHealth(), "poll"))
			.block();
		if (results == null) {
			throw new IllegalStateException("poll gave no result");
		}
		Duration took = Duration.between(started, this.clock.instant());
		PollState previous = this.state.get();
		PollState next = results.getT1().fold((cluster) -> {
			this.readProblems.resolved("Kafka Connect at " + this.client.endpoint().baseUrl() + " answers again");
			logFirstRead(previous, cluster);
			return new PollState(ClusterSnapshot.of(started, cluster.withStuck(this.stuck.current()), this.target,
					previous.snapshot()), workerHealth(results.getT2(), null), null, started, took);
		}, (error) -> {
			this.readProblems.report(error.kind() + error.getMessage(), "Cannot read Kafka Connect at {}: {}",
					this.client.endpoint().baseUrl(), error.getMessage());
			return new PollState(previous.snapshot(), workerHealth(results.getT2(), error), error, started, took);
		});
		logHealthSource(next.workerHealth());
		if (logger.isDebugEnabled()) {
			logger.debug("Poll of {} took {} ms: {}", this.client.endpoint().baseUrl(), took.toMillis(),
					(next.error() != null) ? LogText.of(next.error().getMessage())
							: next.snapshot().status().connectors().size() + " connectors, "
									+ next.snapshot().targeted().size() + " units on the targeted worker(s)");
		}
		this.state.set(next);
		for (PollListener listener : this.listeners) {
			try {
				listener.onPoll(next);
			}
			catch (RuntimeException ex) {
				this.cycleProblems.report(listener.getClass().getName() + ex, "Poll listener {} failed: {}",
						listener.getClass().getSimpleName(), ex.toString(), ex);
			}
		}
		return next;
	}

	private WorkerHealth workerHealth(CallResult<Optional<WorkerHealth>> result,
			@Nullable ConnectCallException statusError) {
		return result.fold((health) -> health.orElseGet(() -> (statusError != null)
				// A worker before Kafka 3.9 has no GET /health: its REST API answering is
				// the signal.
				? new WorkerHealth(WorkerHealth.Status.UNREACHABLE, WorkerHealth.Source.REST_API,
						statusError.getMessage())
				: new WorkerHealth(WorkerHealth.Status.HEALTHY, WorkerHealth.Source.REST_API,
						"REST API answers (worker predates GET /health)")),
				(error) -> new WorkerHealth((error.kind() == ConnectCallException.Kind.UNREACHABLE)
						? WorkerHealth.Status.UNREACHABLE : WorkerHealth.Status.UNHEALTHY, WorkerHealth.Source.KIP_1017,
						error.getMessage()));
	}

	private void logFirstRead(PollState previous, ClusterStatus cluster) {
		if (previous.snapshot() == null) {
			logger.info("Read Kafka Connect at {}: {} connectors ({})", this.client.endpoint().baseUrl(),
					cluster.connectors().size(),
					(cluster.readMethod() == ReadMethod.EXPANDED) ? "one expanded status call per poll"
							: "cluster predates Kafka 2.3: one status call per connector");
		}
	}

	private void logHealthSource(WorkerHealth health) {
		if (health.status() != WorkerHealth.Status.UNREACHABLE && health.source() != this.lastHealthSource) {
			this.lastHealthSource = health.source();
			logger.info("Worker health from {}", (health.source() == WorkerHealth.Source.KIP_1017)
					? "Kafka's GET /health (KIP-1017)" : "the REST API answering (worker predates GET /health)");
		}
	}

	@Override
	public void afterPropertiesSet() {
		this.scheduler.schedule(this::poll, this.clock.instant());
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(new FixedDelayTask(new Named(this::poll, ConnectPoller.class.getName() + ".poll"),
				this.interval, this.interval));
		logger.info("Polling Kafka Connect at {} every {}", this.client.endpoint().baseUrl(), this.interval);
	}

	/**
	 * One guarded cycle: skipped while another is under way, and no exception escapes to
	 * cancel the schedule.
	 */
	void poll() {
		if (!this.polling.compareAndSet(false, true)) {
			return;
		}
		try {
			pollNow();
		}
		catch (RuntimeException | Error ex) {
			if (Thread.currentThread().isInterrupted() || ex.getCause() instanceof InterruptedException) {
				// Shutting down: the scheduler interrupts the poll it is waiting for.
				return;
			}
			this.cycleProblems.report("poll" + ex, "Poll cycle failed: {}", ex.toString(), ex);
		}
		finally {
			this.polling.set(false);
		}
	}

	/**
	 * A scheduled task with the name {@code /actuator/scheduledtasks} shows for it.
	 */
	public record Named(Runnable task, String name) implements Runnable {

		@Override
		public void run() {
			this.task.run();
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

}
