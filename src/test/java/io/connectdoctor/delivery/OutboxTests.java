package io.connectdoctor.delivery;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox: a full queue gives up its oldest item, counted; batches stay within their
 * limits; a refusal for good drops the batch, counted; none of it ever blocks the caller.
 *
 * @author connect-doctor
 */
class OutboxTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void fullQueueDropsItsOldestItemAndCountsIt() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		List<List<String>> sent = new CopyOnWriteArrayList<>();
		try (Outbox<String> outbox = new Outbox<>("test", 3, 10, Long.MAX_VALUE, Duration.ZERO, (item) -> 1,
				(batch) -> {
					sent.add(batch);
					hold(release);
					return Transport.Attempt.DELIVERED;
				}, this.registry)) {
			outbox.offer("a");
			// The thread holds [a] in the transport; the queue takes three more.
			await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1);
			for (String item : List.of("b", "c", "d", "e")) {
				outbox.offer(item);
			}
			assertThat(outbox.queued()).isEqualTo(3);
			assertThat(count("dropped")).isOne();
			release.countDown();
			await().atMost(Duration.ofSeconds(5)).until(() -> count("sent") == 4);
			assertThat(sent).containsExactly(List.of("a"), List.of("c", "d", "e"));
		}
	}

	@Test
	void batchesKeepWithinTheirItemsAndBytes() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		List<List<String>> sent = new CopyOnWriteArrayList<>();
		// 10 bytes: "[" + "aaa" + "," + "bbb" + "]" = 9 fits, a third item would not.
		try (Outbox<String> outbox = new Outbox<>("test", 100, 5, 10, Duration.ZERO, String::length, (batch) -> {
			sent.add(batch);
			hold(release);
			return Transport.Attempt.DELIVERED;
		}, this.registry)) {
			outbox.offer("first");
			await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1);
			for (String item : List.of("aaa", "bbb", "ccc", "this-one-is-too-large", "ddd")) {
				outbox.offer(item);
			}
			release.countDown();
			await().atMost(Duration.ofSeconds(5)).until(() -> count("sent") == 5);
			assertThat(sent).containsExactly(List.of("first"), List.of("aaa", "bbb"), List.of("ccc", "ddd"));
			assertThat(count("rejected")).isOne();
		}
	}

	@Test
	void refusedBatchIsDroppedCountedAndTheNextOneSent() {
		List<List<String>> sent = new CopyOnWriteArrayList<>();
		try (Outbox<String> outbox = new Outbox<>("test", 100, 1, Long.MAX_VALUE, Duration.ZERO, (item) -> 1,
				(batch) -> {
					sent.add(batch);
					return batch.contains("bad") ? Transport.Attempt.rejected("400 unknown column")
							: Transport.Attempt.DELIVERED;
				}, this.registry)) {
			outbox.offer("bad");
			outbox.offer("good");
			await().atMost(Duration.ofSeconds(5)).until(() -> count("sent") == 1);
			assertThat(count("rejected")).isOne();
			assertThat(sent).containsExactly(List.of("bad"), List.of("good"));
		}
	}

	private double count(String outcome) {
		return this.registry.get("connect.doctor.delivery.items")
			.tags("target", "test", "outcome", outcome)
			.counter()
			.count();
	}

	private static void hold(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
