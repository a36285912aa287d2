package io.connectdoctor.healing;

/**
 * Where the healer stands with a unit.
 *
 * @author connect-doctor
 */
public enum UnitState {

	/** Failed; restarted with back-off, the next attempt at a known time. */
	BACKING_OFF,

	/**
	 * Due for a restart, waiting its turn: the restart budget
	 * ({@code max-restarts-per-minute}) is spent. Oldest failure first.
	 */
	WAITING,

	/**
	 * Not restarted while the healer is in an outage: too many units fail at once for
	 * restarts to help, so only one canary unit is restarted per back-off step.
	 */
	HELD,

	/** A restart request is in flight. */
	RESTARTING,

	/** Restarted the limit's number of times and still failed: no more restarts. */
	GIVEN_UP,

	/** Failed in a way a restart cannot fix (its trace matched a quarantine pattern). */
	QUARANTINED,

	/** RUNNING again, but not yet for the whole stability window. */
	RECOVERING,

	/** RUNNING for the whole stability window: its restart count starts from zero. */
	RECOVERED;

	/**
	 * Return whether the healer is still working on a unit in this state, so its failure
	 * does not yet count.
	 * @return {@code true} for a unit backing off, waiting its turn or being restarted
	 */
	boolean isBeingHealed() {
		return this == BACKING_OFF || this == WAITING || this == RESTARTING;
	}

	/**
	 * Return whether a unit in this state may be restarted when due.
	 * @return {@code true} for a unit backing off, waiting or held
	 */
	boolean isRestartable() {
		return this == BACKING_OFF || this == WAITING || this == HELD;
	}

}
