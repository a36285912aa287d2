package io.connectdoctor.health;

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
	HealingStatus NONE = (connector, taskId) -> false;

	/**
	 * Return whether the healer is still working on a unit.
	 * @param connector the connector's name
	 * @param taskId the task id, {@code null} for the connector instance
	 * @return {@code true} while restarts with back-off are under way
	 */
	boolean isBeingHealed(String connector, Integer taskId);

}
