package io.connectdoctor.healing;

import reactor.core.publisher.Mono;

/**
 * Sends one restart call.
 *
 * @author connect-doctor
 */
@FunctionalInterface
interface Restarter {

	/**
	 * Send the call once; never retried.
	 * @param request the call and its units
	 * @return what Connect answered; never an error
	 */
	Mono<RestartOutcome> restart(RestartRequest request);

}
