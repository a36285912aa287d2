package io.connectdoctor.connect;

import org.jspecify.annotations.Nullable;

/**
 * One unit of a snapshot: a connector instance ({@link ConnectorStatus}) or a task
 * ({@link TaskStatus}). Health, healing, metrics and the report all walk the snapshot's
 * units ({@link ClusterSnapshot#units()}, {@link ClusterSnapshot#targeted()}) instead of
 * deciding again, each on its own, what a unit is and whether it is on a targeted worker.
 *
 * @author connect-doctor
 */
public sealed interface Unit permits ConnectorStatus, TaskStatus {

	/**
	 * Return the name of the connector the unit belongs to.
	 * @return the connector's name
	 */
	String connector();

	/**
	 * Return the task id.
	 * @return the id of a task, {@code null} for a connector instance
	 */
	@Nullable Integer taskId();

	/**
	 * Return the unit's state as Connect reports it.
	 * @return the state
	 */
	State state();

	/**
	 * Return the worker running the unit.
	 * @return its {@code worker_id}, {@code null} when Connect sent none
	 */
	@Nullable String workerId();

	/**
	 * Return the stack trace of the unit's failure.
	 * @return the trace, {@code null} when Connect sent none
	 */
	@Nullable String trace();

	/**
	 * Return whether the unit is a task.
	 * @return {@code true} for a task, {@code false} for a connector instance
	 */
	default boolean isTask() {
		return taskId() != null;
	}

	/**
	 * Return the unit's name.
	 * @return its id
	 */
	default UnitId unitId() {
		return new UnitId(connector(), taskId());
	}

}
