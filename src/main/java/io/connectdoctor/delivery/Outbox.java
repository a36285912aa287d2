package io.connectdoctor.delivery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

import io.connectdoctor.connect.LogText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded queue of items for one target, drained by a thread of its own in batches.
 * <p>
 * {@link #offer} never blocks and never fails: when the queue is full the oldest item
 * gives way (the newest state is worth more than an old one) and is counted as dropped.
 * The thread sends a batch of at most {@code maxItems} items and {@code maxBytes} bytes,
 * retries it with exponential back-off (or the target's {@code Retry-After}) while the
 * target answers 429, 5xx or not at all, and waits at least {@code minGap} between two
 * sends (a rate limit). A long outage therefore costs at most the queue, never the
 * doctor's poll, probes or restarts. A problem is logged once when it starts and once
 * when it ends, never per attempt.
 * <p>
 * Metrics ({@code target} tag): {@code connect.doctor.delivery.items} by {@code outcome}
 * ({@code sent}, {@code dropped}: the queue was full, {@code rejected}: the target
 * refused them for good), {@code connect.doctor.delivery.retries} and the gauge
 * {@code connect.doctor.delivery.queued}.
 *
 * @param <T> the items
 * @author connect-doctor
 */
public final class Outbox<T> implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Outbox.class);

	private static final Duration FIRST_BACK_OFF = Duration.ofSeconds(1);

	private static final Duration MAX_BACK_OFF = Duration.ofMinutes(1);

	private final String target;

	private final int capacity;

	private final int maxItems;

	private final long maxBytes;

	private final Duration minGap;

	private final ToLongFunction<T> size;

	private final Transport<T> transport;

	private final ArrayDeque<T> queue = new ArrayDeque<>();

	private final Counter sent;

	private final Counter dropped;

	private final Counter rejected;

	private final Counter retries;

	private final AtomicLong droppedSinceLogged = new AtomicLong();

	private final Thread thread;

	private volatile boolean running = true;

	/**
	 * Create an outbox and start its thread.
	 * @param target the target's name, for the thread, the log and the metrics' tag
	 * @param capacity items the queue holds
	 * @param maxItems items per batch
	 * @param maxBytes bytes per batch, as {@code size} counts them
	 * @param minGap the least time between two sends
	 * @param size the size of an item in bytes
	 * @param transport what sends a batch
	 * @param registry where the metrics go
	 */
	public Outbox(String target, int capacity, int maxItems, long maxBytes, Duration minGap, ToLongFunction<T> size,
			Transport<T> transport, MeterRegistry registry) {
		this.target = target;
		this.capacity = capacity;
		this.maxItems = maxItems;
		this.maxBytes = maxBytes;
		this.minGap = minGap;
		this.size = size;
		this.transport = transport;
		this.sent = items(registry, "sent");
		this.dropped = items(registry, "dropped");
		this.rejected = items(registry, "rejected");
		this.retries = Counter.builder("connect.doctor.delivery.retries")
			.description("Sends tried again after 429, 5xx, a time-out or no connection")
			.tag("target", target)
			.register(registry);
		Gauge.builder("connect.doctor.delivery.queued", this, Outbox::queued)
			.description("Items waiting to be sent")
			.tag("target", target)
			.register(registry);
		this.thread = new Thread(this::run, "connect-doctor-" + target);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private Counter items(MeterRegistry registry, String outcome) {
		return Counter.builder("connect.doctor.delivery.items")
			.description("Items by what became of them: sent; dropped, the queue being full; rejected, refused "
					+ "for good by the target or too large to send")
			.tags("target", this.target, "outcome", outcome)
			.register(registry);
	}

	/**
	 * Queue an item; when the queue is full the oldest item is dropped and counted. Never
	 * blocks.
	 * @param item the item
	 */
	public void offer(T item) {
		offerAll(List.of(item));
	}

	/**
	 * Queue items together, so they can leave in one batch; when the queue is full the
	 * oldest items are dropped and counted. Never blocks.
	 * @param items the items
	 */
	public void offerAll(List<T> items) {
		synchronized (this.queue) {
			for (T item : items) {
				if (this.queue.size() >= this.capacity) {
					this.queue.pollFirst();
					this.dropped.increment();
					if (this.droppedSinceLogged.getAndIncrement() == 0) {
						logger.warn("The queue of {} items for {} is full: the oldest give way, counted as dropped",
								this.capacity, this.target);
					}
				}
				this.queue.addLast(item);
			}
			this.queue.notifyAll();
		}
	}

	/**
	 * Return the items waiting.
	 * @return the count
	 */
	public int queued() {
		synchronized (this.queue) {
			return this.queue.size();
		}
	}

	@Override
	public void close() {
		this.running = false;
		this.thread.interrupt();
		try {
			this.thread.join(TimeUnit.SECONDS.toMillis(2));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void run() {
		try {
			while (this.running) {
				List<T> batch = nextBatch();
				if (batch.isEmpty()) {
					continue;
				}
				try {
					deliver(batch);
				}
				catch (RuntimeException ex) {
					// A bug here must not end delivery for good: the batch is lost,
					// counted.
					this.rejected.increment(batch.size());
					logger.error("Sending to {} failed: {}", this.target, LogText.of(ex.toString()), ex);
				}
				pause(this.minGap);
			}
		}
		catch (InterruptedException ex) {
			// Closed.
		}
	}

	private List<T> nextBatch() throws InterruptedException {
		List<T> batch = new ArrayList<>();
		synchronized (this.queue) {
			while (this.queue.isEmpty()) {
				this.queue.wait();
			}
			long bytes = 2;
			while (!this.queue.isEmpty() && batch.size() < this.maxItems) {
				T item = this.queue.peekFirst();
				long itemBytes = this.size.applyAsLong(item) + 1;
				if (itemBytes + 2 > this.maxBytes) {
					this.queue.pollFirst();
					this.rejected.increment();
					logger.warn("Dropped an item for {} of {} bytes: more than one send may carry ({} bytes)",
							this.target, itemBytes, this.maxBytes);
					continue;
				}
				if (bytes + itemBytes > this.maxBytes) {
					break;
				}
				batch.add(this.queue.pollFirst());
				bytes += itemBytes;
			}
		}
		return batch;
	}

	private void deliver(List<T> batch) throws InterruptedException {
		Duration backOff = FIRST_BACK_OFF;
		int failures = 0;
		while (true) {
			Transport.Attempt attempt = send(batch);
			switch (attempt.outcome()) {
				case DELIVERED -> {
					this.sent.increment(batch.size());
					if (failures > 0) {
						logger.info("Sending to {} works again, after {} failed attempts", this.target, failures);
					}
					long lost = this.droppedSinceLogged.getAndSet(0);
					if (lost > 0) {
						logger.warn("{} items for {} were dropped while its queue was full", lost, this.target);
					}
					return;
				}
				case REJECTED -> {
					this.rejected.increment(batch.size());
					logger.warn("{} refused {} items for good: {}", this.target, batch.size(),
							LogText.of(attempt.detail()));
					return;
				}
				case RETRY -> {
					failures++;
					this.retries.increment();
					Duration wait = longer(attempt.retryAfter(), backOff);
					if (failures == 1) {
						logger.warn("Cannot send to {}: {}; trying again with back-off, the queue holds at most {} "
								+ "items meanwhile", this.target, LogText.of(attempt.detail()), this.capacity);
					}
					pause(wait);
					backOff = backOff.multipliedBy(2);
					if (backOff.compareTo(MAX_BACK_OFF) > 0) {
						backOff = MAX_BACK_OFF;
					}
					if (!this.running) {
						throw new InterruptedException();
					}
				}
			}
		}
	}

	private Transport.Attempt send(List<T> batch) {
		try {
			return this.transport.send(batch);
		}
		catch (RuntimeException ex) {
			return Transport.Attempt.retry(null, ex.toString());
		}
	}

	private static Duration longer(@Nullable Duration a, Duration b) {
		if (a == null) {
			return b;
		}
		Duration capped = (a.compareTo(MAX_BACK_OFF) > 0) ? MAX_BACK_OFF : a;
		return (capped.compareTo(b) > 0) ? capped : b;
	}

	private static void pause(Duration duration) throws InterruptedException {
		if (!duration.isZero() && !duration.isNegative()) {
			Thread.sleep(duration.toMillis());
		}
	}

}
