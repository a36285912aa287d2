package io.connectdoctor.healing;

/**
 * Where the healer stands with a unit.
 *
 * @author connect-doctor
 */
public enum UnitState {

	/** Failed; restarted with back-off, the next attempt at a known time. */
	BACKING_OFF,

	/** Restarted the limit's number of times and still failed: no more restarts. */
	GIVEN_UP,

	/** Failed in a way a restart cannot fix (its trace matched a quarantine pattern). */
	QUARANTINED,

	/** RUNNING again, but not yet for the whole stability window. */
	RECOVERING,

	/** RUNNING for the whole stability window: its restart count starts from zero. */
	RECOVERED

}
