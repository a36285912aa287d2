package io.connectdoctor.stuck;

import java.time.Instant;

import io.connectdoctor.connect.UnitId;

/**
 * A task Connect reports RUNNING that has stopped moving data, and why.
 *
 * @param task the task
 * @param since when its offsets last moved (or were first read, or it was restarted)
 * @param lag records waiting for it, {@code -1} for a source task
 * @param reason the reason, as {@code /healthcheck}, the report and the healer show it
 * @author connect-doctor
 */
public record StuckTask(UnitId task, Instant since, long lag, String reason) {
}
