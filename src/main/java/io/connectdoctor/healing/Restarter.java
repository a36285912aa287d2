package io.connectdoctor.healing;

import reactor.core.publisher.Mono;

/**
 * Sends one restart of one unit.
 *
 * @author connect-doctor
 */
@FunctionalInterface
interface Restarter {

	/**
	 * Restart the unit once; never retried.
	 * @param unit the unit
	 * @return completes when Connect accepted the restart, or errors with a
	 * {@code ConnectCallException}
	 */
	Mono<Void> restart(UnitId unit);

}
