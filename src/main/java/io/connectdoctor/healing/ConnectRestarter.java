package io.connectdoctor.healing;

import io.connectdoctor.connect.ConnectCallException;
import io.connectdoctor.connect.ConnectClient;
import io.connectdoctor.connect.UnitId;
import reactor.core.publisher.Mono;

/**
 * Sends restarts through the Connect client, and types what Connect answered: a 409 is a
 * rebalance, a 404 a unit that is gone, anything else an error.
 *
 * @author connect-doctor
 */
final class ConnectRestarter implements Restarter {

	private final ConnectClient client;

	ConnectRestarter(ConnectClient client) {
		this.client = client;
	}

	@Override
	public Mono<RestartOutcome> restart(RestartRequest request) {
		Mono<RestartOutcome> call = switch (request.call()) {
			case TASK -> {
				UnitId unit = request.units().get(0);
				yield this.client.restartTask(unit.connector(), unit.taskId()).thenReturn(RestartOutcome.ACCEPTED);
			}
			case CONNECTOR -> this.client.restartConnector(request.connector()).thenReturn(RestartOutcome.ACCEPTED);
			case FAILED_UNITS -> this.client.restartFailedUnits(request.connector())
				.map((applied) -> applied ? RestartOutcome.ACCEPTED
						: new RestartOutcome(RestartResult.ACCEPTED, null, true));
		};
		return call.onErrorResume((ex) -> Mono.just(refused(ex)));
	}

	private static RestartOutcome refused(Throwable ex) {
		RestartResult result = RestartResult.ERROR;
		if (ex instanceof ConnectCallException call) {
			if (call.isStatus(409)) {
				result = RestartResult.CONFLICT;
			}
			else if (call.isStatus(404)) {
				result = RestartResult.NOT_FOUND;
			}
		}
		return new RestartOutcome(result, ex.getMessage(), false);
	}

}
