package io.connectdoctor.health;

import io.connectdoctor.connect.ClusterSnapshot;
import io.connectdoctor.connect.Unit;

/**
 * What the healer is still working on. A failure the healer is restarting with back-off
 * does not yet fail {@code /healthcheck}; one it gave up on or quarantined does. Without
 * a healer every failure counts at once, as in Doctor Kafka Connect.
 *
 * @author connect-doctor
 */
@FunctionalInterface
public interface HealingStatus {

	/** No healer: nothing is being healed. */
	HealingStatus NONE = (snapshot, unit) -> false;

	/**
	 * Return whether the healer is still working on a failed unit, or will take it on:
	 * asked for units of a snapshot the healer may not have seen yet.
	 * @param snapshot the snapshot the unit is from
	 * @param unit a failed unit on a targeted worker
	 * @return {@code true} while restarts with back-off are under way or about to start
	 */
	boolean isBeingHealed(ClusterSnapshot snapshot, Unit unit);

}
