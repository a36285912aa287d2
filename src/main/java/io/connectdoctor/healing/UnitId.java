package io.connectdoctor.healing;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A unit the healer restarts: a task ({@code taskId} set) or a connector instance
 * ({@code taskId} null). Every unit has its own back-off state.
 *
 * @param connector the connector's name
 * @param taskId the task id, or {@code null} for the connector instance
 * @author connect-doctor
 */
public record UnitId(String connector, Integer taskId) {

	/**
	 * Return whether this unit is a task.
	 * @return {@code true} for a task, {@code false} for a connector instance
	 */
	@JsonIgnore
	public boolean isTask() {
		return this.taskId != null;
	}

	@Override
	public String toString() {
		return isTask() ? this.connector + "/task-" + this.taskId : this.connector + "/connector";
	}

}
