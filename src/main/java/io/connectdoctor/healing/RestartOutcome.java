package io.connectdoctor.healing;

import org.jspecify.annotations.Nullable;

/**
 * What Connect answered to one restart call.
 *
 * @param result what came of it
 * @param error the reason of a failed call, or {@code null}
 * @param flagsIgnored whether a worker before Kafka 3.0 ignored KIP-745's flags and
 * restarted only the connector instance
 * @author connect-doctor
 */
record RestartOutcome(RestartResult result, @Nullable String error, boolean flagsIgnored) {

	static final RestartOutcome ACCEPTED = new RestartOutcome(RestartResult.ACCEPTED, null, false);

	static final RestartOutcome DRY_RUN = new RestartOutcome(RestartResult.DRY_RUN, null, false);

}
