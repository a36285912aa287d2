package io.connectdoctor.connect;

import org.jspecify.annotations.Nullable;

/**
 * One task of a connector as Connect reports it.
 *
 * @param connector the name of its connector
 * @param id the task id
 * @param state the task's state
 * @param workerId the {@code host:port} of the worker running it
 * @param trace the stack trace of its failure; {@code null} when Connect sent none
 * @author connect-doctor
 */
public record TaskStatus(String connector, int id, State state, @Nullable String workerId,
		@Nullable String trace) implements Unit {

	@Override
	public Integer taskId() {
		return this.id;
	}

}
