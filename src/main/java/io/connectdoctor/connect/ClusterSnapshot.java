package io.connectdoctor.connect;

import java.time.Instant;

/**
 * The cluster's status as read by one successful poll. Immutable: every reader (health,
 * healing, metrics, the report) works from the same snapshot.
 *
 * @param polledAt when the poll that read it started
 * @param status every connector and task
 * @author connect-doctor
 */
public record ClusterSnapshot(Instant polledAt, ClusterStatus status) {
}
