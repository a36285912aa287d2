package io.connectdoctor.healing;

/**
 * Which of Connect's restart calls a restart used.
 *
 * @author connect-doctor
 */
public enum RestartCall {

	/** {@code POST /connectors/{c}/tasks/{id}/restart}: one task, on its own worker. */
	TASK,

	/** {@code POST /connectors/{c}/restart}: the connector instance only. */
	CONNECTOR,

	/**
	 * {@code POST /connectors/{c}/restart?includeTasks=true&onlyFailed=true} (KIP-745):
	 * the connector's failed instance and tasks together, on every worker; cluster mode
	 * only.
	 */
	FAILED_UNITS

}
