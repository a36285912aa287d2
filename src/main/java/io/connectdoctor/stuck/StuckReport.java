package io.connectdoctor.stuck;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;

import io.connectdoctor.connect.UnitId;
import org.jspecify.annotations.Nullable;

/**
 * What the latest stuck-task check found.
 *
 * @param checkedAt when it read Kafka and Connect, {@code null} before the first check
 * @param kafka whether Kafka could be read, and why not
 * @param stuck the stuck tasks
 * @param lags each checked sink connector's consumer group and lag
 * @param watched tasks whose offsets are being watched
 * @param kafkaRequests requests the Admin client has sent since start-up
 * @param checks checks run since start-up
 * @param took how long the latest check took (reads of Kafka and Connect, judging)
 * @author connect-doctor
 */
public record StuckReport(@Nullable Instant checkedAt, Kafka kafka, Map<UnitId, StuckTask> stuck,
		SortedMap<String, ConnectorLag> lags, int watched, long kafkaRequests, long checks, Duration took) {

	public StuckReport {
		stuck = Map.copyOf(stuck);
	}

	/**
	 * A sink connector's consumer group and how far it is behind.
	 *
	 * @param group the consumer group
	 * @param lag records between the committed offsets and the ends of the partitions
	 * @param partitions partitions with a committed offset
	 */
	public record ConnectorLag(String group, long lag, int partitions) {
	}

	/**
	 * Whether the latest check could read Kafka.
	 *
	 * @param state UP, DOWN, or UNKNOWN before the first check
	 * @param reason why Kafka could not be read, {@code null} when it could
	 */
	public record Kafka(KafkaState state, @Nullable String reason) {

		static final Kafka UNKNOWN = new Kafka(KafkaState.UNKNOWN, "no check yet");

		static final Kafka UP = new Kafka(KafkaState.UP, null);

	}

	/** Whether Kafka could be read. */
	public enum KafkaState {

		UP, DOWN, UNKNOWN

	}

}
