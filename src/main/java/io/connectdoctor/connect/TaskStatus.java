package io.connectdoctor.connect;

/**
 * One task of a connector as Connect reports it.
 *
 * @param id the task id
 * @param state the task's state
 * @param workerId the {@code host:port} of the worker running it
 * @param trace the stack trace of its failure; {@code null} when Connect sent none
 * @author connect-doctor
 */
public record TaskStatus(int id, State state, String workerId, String trace) {
}
