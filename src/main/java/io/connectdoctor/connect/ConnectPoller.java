package io.connectdoctor.connect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;

/**
 * The one scheduled reader of the cluster. Each cycle reads every connector's status and
 * the worker's own health, publishes an immutable {@link PollState}, and tells the
 * {@link PollListener listeners}. Probes read the published state and never wait on
 * Connect.
 *
 * @author connect-doctor
 */
public final class ConnectPoller implements SmartLifecycle, InitializingBean, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ConnectPoller.class);

	private final ConnectClient client;

	private final Duration interval;

	private final Clock clock;

	private final List<PollListener> listeners;

	private final AtomicReference<PollState> state = new AtomicReference<>(PollState.INITIAL);

	private final ProblemLog readProblems = new ProblemLog(logger);

	private final ProblemLog cycleProblems = new ProblemLog(logger);

	private ScheduledExecutorService executor;

	private volatile boolean running;

	private WorkerHealth.Source lastHealthSource;

	ConnectPoller(ConnectClient client, ConnectProperties properties, Clock clock, List<PollListener> listeners) {
		this.client = client;
		this.interval = properties.pollInterval();
		this.clock = clock;
		this.listeners = List.copyOf(listeners);
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
		Mono<Object> status = this.client.clusterStatus().cast(Object.class).onErrorResume(Mono::just);
		Mono<Object> health = this.client.workerHealth().cast(Object.class).onErrorResume(Mono::just);
		var results = Objects.requireNonNull(Mono.zip(status, health).block());
		Duration took = Duration.between(started, this.clock.instant());
		PollState previous = this.state.get();
		PollState next;
		if (results.getT1() instanceof ClusterStatus cluster) {
			next = new PollState(new ClusterSnapshot(started, cluster), workerHealth(results.getT2(), null), null,
					started, took);
			this.readProblems.resolved("Kafka Connect at " + this.client.endpoint().baseUrl() + " answers again");
			logFirstRead(previous, cluster);
		}
		else {
			ConnectCallException error = asCallException(results.getT1());
			next = new PollState(previous.snapshot(), workerHealth(results.getT2(), error), error, started, took);
			this.readProblems.report(error.kind() + error.getMessage(), "Cannot read Kafka Connect at {}: {}",
					this.client.endpoint().baseUrl(), error.getMessage());
		}
		logHealthSource(next.workerHealth());
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

	private WorkerHealth workerHealth(Object result, ConnectCallException statusError) {
		if (result instanceof Optional<?> optional && optional.isPresent()) {
			return (WorkerHealth) optional.get();
		}
		if (result instanceof Optional<?>) {
			// A worker before Kafka 3.9 has no GET /health: its REST API answering is the
			// signal.
			return (statusError != null)
					? new WorkerHealth(WorkerHealth.Status.UNREACHABLE, WorkerHealth.Source.REST_API,
							statusError.getMessage())
					: new WorkerHealth(WorkerHealth.Status.HEALTHY, WorkerHealth.Source.REST_API,
							"REST API answers (worker predates GET /health)");
		}
		ConnectCallException error = asCallException(result);
		WorkerHealth.Status status = (error.kind() == ConnectCallException.Kind.UNREACHABLE)
				? WorkerHealth.Status.UNREACHABLE : WorkerHealth.Status.UNHEALTHY;
		return new WorkerHealth(status, WorkerHealth.Source.KIP_1017, error.getMessage());
	}

	private ConnectCallException asCallException(Object result) {
		if (result instanceof ConnectCallException call) {
			return call;
		}
		return ConnectClient.translate("poll", (Throwable) result);
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

	/**
	 * Start the first poll at once, while the rest of the application starts: the first
	 * correct answer is then ready about when the web server is.
	 */
	@Override
	public void afterPropertiesSet() {
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "connect-poller");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.execute(this::guardedPoll);
	}

	@Override
	public void start() {
		this.executor.scheduleWithFixedDelay(this::guardedPoll, this.interval.toMillis(), this.interval.toMillis(),
				TimeUnit.MILLISECONDS);
		this.running = true;
		logger.info("Polling Kafka Connect at {} every {}", this.client.endpoint().baseUrl(), this.interval);
	}

	private void guardedPoll() {
		// An exception escaping here would cancel the schedule for good.
		try {
			pollNow();
		}
		catch (RuntimeException | Error ex) {
			this.cycleProblems.report("poll" + ex, "Poll cycle failed: {}", ex.toString(), ex);
		}
	}

	@Override
	public void stop() {
		this.running = false;
		this.executor.shutdownNow();
	}

	@Override
	public void destroy() {
		// Also when the context fails before start(): the first poll's thread must not
		// linger.
		this.executor.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
