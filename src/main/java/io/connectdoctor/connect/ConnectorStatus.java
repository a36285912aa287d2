package io.connectdoctor.connect;

import java.util.List;

/**
 * One connector and its tasks as Connect reports it ({@code ConnectorStateInfo}).
 *
 * @param name the connector's name
 * @param type {@code source}, {@code sink} or {@code unknown}
 * @param state the state of the connector instance
 * @param workerId the worker running the connector instance
 * @param trace the stack trace of the connector instance's failure, or {@code null}
 * @param tasks its tasks; a FAILED connector may have none
 * @author connect-doctor
 */
public record ConnectorStatus(String name, String type, State state, String workerId, String trace,
		List<TaskStatus> tasks) {

	public ConnectorStatus {
		tasks = List.copyOf(tasks);
	}

}
