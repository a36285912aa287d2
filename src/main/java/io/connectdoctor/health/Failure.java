package io.connectdoctor.health;

import io.connectdoctor.connect.State;
import org.jspecify.annotations.Nullable;

/**
 * A unit that counts as failed, in the shape Doctor Kafka Connect's answers use.
 *
 * @param connector the connector's name
 * @param taskId the task's id; {@code null} for the connector instance itself
 * @param workerId the worker running it
 * @param state its state
 * @param trace its stack trace cut to the configured length; {@code null} when Connect
 * sent none
 * @author connect-doctor
 */
public record Failure(String connector, @Nullable Integer taskId, @Nullable String workerId, State state,
		@Nullable String trace) {
}
