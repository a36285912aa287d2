package io.connectdoctor.healing;

import java.util.List;

import io.connectdoctor.connect.UnitId;

/**
 * One restart call the healer sends, and the units it restarts.
 *
 * @param call the call
 * @param connector the connector
 * @param units the units it restarts: one, or (for {@link RestartCall#FAILED_UNITS}) all
 * the connector's failed units
 * @author connect-doctor
 */
record RestartRequest(RestartCall call, String connector, List<UnitId> units) {

	static RestartRequest of(UnitId unit) {
		return new RestartRequest(unit.isTask() ? RestartCall.TASK : RestartCall.CONNECTOR, unit.connector(),
				List.of(unit));
	}

}
