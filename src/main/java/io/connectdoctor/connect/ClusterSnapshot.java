package io.connectdoctor.connect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The cluster's status as read by one successful poll, with its units listed once and the
 * target applied once. Immutable: every reader (health, healing, metrics, the report)
 * works from the same snapshot and the same units.
 *
 * @author connect-doctor
 */
public final class ClusterSnapshot {

	private final Instant polledAt;

	private final ClusterStatus status;

	private final List<Unit> units;

	private final List<Unit> targeted;

	private ClusterSnapshot(Instant polledAt, ClusterStatus status, List<Unit> units, List<Unit> targeted) {
		this.polledAt = polledAt;
		this.status = status;
		this.units = units;
		this.targeted = targeted;
	}

	/**
	 * Build the snapshot of one poll.
	 * @param polledAt when the poll that read it started
	 * @param status every connector and task
	 * @param target which workers' units count
	 * @return the snapshot
	 */
	public static ClusterSnapshot of(Instant polledAt, ClusterStatus status, WorkerSelector target) {
		return of(polledAt, status, target, null);
	}

	/**
	 * Build the snapshot of one poll, sharing the units of the previous one when the
	 * status is the very same (the client returns the same status while nothing changed).
	 * @param polledAt when the poll that read it started
	 * @param status every connector and task
	 * @param target which workers' units count; the same as for {@code previous}
	 * @param previous the snapshot of the poll before, or {@code null}
	 * @return the snapshot
	 */
	public static ClusterSnapshot of(Instant polledAt, ClusterStatus status, WorkerSelector target,
			@Nullable ClusterSnapshot previous) {
		if (previous != null && previous.status == status) {
			return new ClusterSnapshot(polledAt, status, previous.units, previous.targeted);
		}
		List<Unit> units = new ArrayList<>();
		List<Unit> targeted = new ArrayList<>();
		// The one loop that decides "connector instance or task, on a targeted worker?".
		for (ConnectorStatus connector : status.connectors().values()) {
			add(connector, target, units, targeted);
			for (TaskStatus task : connector.tasks()) {
				add(task, target, units, targeted);
			}
		}
		return new ClusterSnapshot(polledAt, status, Collections.unmodifiableList(units),
				(targeted.size() == units.size()) ? Collections.unmodifiableList(units)
						: Collections.unmodifiableList(targeted));
	}

	private static void add(Unit unit, WorkerSelector target, List<Unit> units, List<Unit> targeted) {
		units.add(unit);
		if (target.matches(unit.workerId())) {
			targeted.add(unit);
		}
	}

	/**
	 * Return when the poll that read this snapshot started.
	 * @return the time
	 */
	public Instant polledAt() {
		return this.polledAt;
	}

	/**
	 * Return every connector and task as Connect reported them.
	 * @return the status
	 */
	public ClusterStatus status() {
		return this.status;
	}

	/**
	 * Return every unit of the cluster: each connector instance followed by its tasks,
	 * connectors sorted by name.
	 * @return the units
	 */
	public List<Unit> units() {
		return this.units;
	}

	/**
	 * Return the units on the targeted worker(s), in the order of {@link #units()}: the
	 * units whose health this doctor answers for and that its healer may restart.
	 * @return the targeted units
	 */
	public List<Unit> targeted() {
		return this.targeted;
	}

	/**
	 * Return the connector a unit belongs to.
	 * @param name the connector's name
	 * @return the connector, {@code null} when the snapshot has none of that name
	 */
	public @Nullable ConnectorStatus connector(String name) {
		return this.status.connectors().get(name);
	}

}
