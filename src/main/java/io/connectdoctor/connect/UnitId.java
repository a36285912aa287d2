package io.connectdoctor.connect;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.jspecify.annotations.Nullable;

/**
 * The name of a unit: a task ({@code taskId} set) or a connector instance ({@code taskId}
 * null). The one type that names a unit, in health answers, the healer and the report.
 *
 * @param connector the connector's name
 * @param taskId the task id, or {@code null} for the connector instance
 * @author connect-doctor
 */
public record UnitId(String connector, @Nullable Integer taskId) {

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
