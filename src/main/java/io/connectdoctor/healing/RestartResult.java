package io.connectdoctor.healing;

/**
 * What came of one restart request.
 *
 * @author connect-doctor
 */
public enum RestartResult {

	/** Connect accepted the restart (2xx). Counts as an attempt. */
	ACCEPTED,

	/** 409: Connect is rebalancing. Retried on a later poll; not an attempt. */
	CONFLICT,

	/** 404: the unit is gone; its state is dropped. */
	NOT_FOUND,

	/** 5xx, a timeout or no connection. Counts as a failed attempt. */
	ERROR,

	/** Dry-run: decided, logged and counted, not sent. */
	DRY_RUN

}
