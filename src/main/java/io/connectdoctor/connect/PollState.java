package io.connectdoctor.connect;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the poller knows after its latest cycle: the last good snapshot and whether the
 * latest read of Connect failed.
 *
 * @param snapshot the last successfully read snapshot, {@code null} before the first
 * @param workerHealth the worker's health as of the latest cycle, {@code null} before the
 * first
 * @param error why the latest read failed, {@code null} when it succeeded
 * @param attemptedAt when the latest cycle started, {@code null} before the first
 * @param took how long the latest cycle's reads took, {@code null} before the first
 * @author connect-doctor
 */
public record PollState(@Nullable ClusterSnapshot snapshot, @Nullable WorkerHealth workerHealth,
		@Nullable ConnectCallException error, @Nullable Instant attemptedAt, @Nullable Duration took) {

	/** Before the first poll. */
	public static final PollState INITIAL = new PollState(null, null, null, null, null);

	/**
	 * Return whether the latest poll read the cluster.
	 * @return {@code true} when the snapshot is from the latest cycle
	 */
	public boolean isCurrent() {
		return this.snapshot != null && this.error == null;
	}

}
