package io.connectdoctor.connect;

import org.jspecify.annotations.Nullable;

/**
 * Which workers' units count: applied once per poll, when the snapshot is built
 * ({@link ClusterSnapshot#targeted()}).
 *
 * @author connect-doctor
 */
@FunctionalInterface
public interface WorkerSelector {

	/** Every worker of the cluster. */
	WorkerSelector EVERY_WORKER = (workerId) -> true;

	/**
	 * Return whether units on the given worker count.
	 * @param workerId a {@code worker_id} as Connect reports it, may be {@code null}
	 * @return whether it is targeted
	 */
	boolean matches(@Nullable String workerId);

}
