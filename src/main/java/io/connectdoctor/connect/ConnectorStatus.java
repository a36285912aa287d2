package io.connectdoctor.connect;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One connector and its tasks as Connect reports it ({@code ConnectorStateInfo}). As a
 * {@link Unit} it is the connector instance.
 *
 * @param name the connector's name
 * @param type {@code source}, {@code sink} or {@code unknown}; {@code null} when Connect
 * sent none
 * @param state the state of the connector instance
 * @param workerId the worker running the connector instance
 * @param trace the stack trace of the connector instance's failure, or {@code null}
 * @param tasks its tasks; a FAILED connector may have none
 * @author connect-doctor
 */
public record ConnectorStatus(String name, @Nullable String type, State state, @Nullable String workerId,
		@Nullable String trace, List<TaskStatus> tasks) implements Unit {

	public ConnectorStatus {
		tasks = List.copyOf(tasks);
	}

	@Override
	public String connector() {
		return this.name;
	}

	@Override
	public @Nullable Integer taskId() {
		return null;
	}

	/**
	 * Return whether the connector was paused or stopped by an operator: its units are
	 * left alone.
	 * @return {@code true} when PAUSED or STOPPED
	 */
	public boolean isHeldByOperator() {
		return this.state == State.PAUSED || this.state == State.STOPPED;
	}

}
