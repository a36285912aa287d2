package io.connectdoctor.healing;

import java.time.Instant;

import io.connectdoctor.connect.State;

import org.jspecify.annotations.Nullable;

/**
 * The healer's view of one unit, for the {@code healing} endpoint and the report.
 *
 * @param connector the connector's name
 * @param taskId the task id, or {@code null} for the connector instance
 * @param state where the healer stands with it
 * @param attempts restarts counted against the limit
 * @param failingSince when it was first seen failing in this episode, or {@code null}
 * @param lastAttemptAt when it was last restarted, or {@code null}
 * @param nextAttemptAt when it will next be restarted if still failing, or {@code null}
 * @param lastError the reason of the last failed restart request, or {@code null}
 * @param reason why it is given up or quarantined, or {@code null}
 * @param condition what the latest snapshot showed of it: {@code FAILED}, {@code STUCK}
 * (RUNNING by Connect's word, but moving no data), or {@code RUNNING} once it recovers
 * @author connect-doctor
 */
public record UnitView(String connector, @Nullable Integer taskId, UnitState state, int attempts,
		@Nullable Instant failingSince, @Nullable Instant lastAttemptAt, @Nullable Instant nextAttemptAt,
		@Nullable String lastError, @Nullable String reason, State condition) {
}
