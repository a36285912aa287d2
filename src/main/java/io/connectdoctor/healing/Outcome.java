package io.connectdoctor.healing;

/**
 * What the unit did after a restart, as seen by the following polls.
 *
 * @author connect-doctor
 */
public enum Outcome {

	/** No poll has shown the unit RUNNING or FAILED since. */
	PENDING,

	/** The unit was RUNNING at the next poll that showed it settled. */
	RUNNING_AGAIN,

	/** The unit was FAILED again. */
	FAILED_AGAIN,

	/** Nothing to watch: the restart was not sent or not accepted. */
	NOT_APPLICABLE

}
