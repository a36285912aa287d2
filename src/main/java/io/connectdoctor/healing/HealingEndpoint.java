package io.connectdoctor.healing;

import java.util.List;
import java.util.Map;

import io.connectdoctor.connect.UnitId;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code /actuator/healing}: every unit the healer knows and its latest actions.
 * {@code POST /actuator/healing} with {@code {"connector":"...","task":0}} releases a
 * given-up or quarantined unit, only when {@code connect-doctor.healing.release-enabled}
 * is set.
 *
 * @author connect-doctor
 */
@Endpoint(id = "healing")
final class HealingEndpoint {

	private final Healer healer;

	private final HealingProperties properties;

	HealingEndpoint(Healer healer, HealingProperties properties) {
		this.healer = healer;
		this.properties = properties;
	}

	@ReadOperation
	HealingReport healing() {
		return new HealingReport(this.properties.dryRun(), this.properties.maxRestarts(), this.healer.outage(),
				this.healer.budget(), this.healer.units(), this.healer.history());
	}

	@WriteOperation
	WebEndpointResponse<Object> release(String connector, @Nullable Integer task) {
		if (!this.properties.releaseEnabled()) {
			return new WebEndpointResponse<>(
					Map.of("error",
							"releasing units is off; set connect-doctor.healing.release-enabled=true to allow it"),
					403);
		}
		return this.healer.release(new UnitId(connector, task))
			.<WebEndpointResponse<Object>>map((view) -> new WebEndpointResponse<>(view, 200))
			.orElseGet(() -> new WebEndpointResponse<>(
					Map.of("error", "the healer knows no unit " + new UnitId(connector, task)), 404));
	}

	/**
	 * The healer's state.
	 *
	 * @param dryRun whether restarts are only decided, not sent
	 * @param maxRestarts the restart limit of one unit, -1 for none
	 * @param outage the outage breaker: {@code NORMAL} or {@code OUTAGE}, and its canary
	 * @param budget the restart budget across all units
	 * @param units every unit the healer knows
	 * @param actions the latest actions, newest first
	 */
	record HealingReport(boolean dryRun, int maxRestarts, OutageBreaker.View outage, Healer.BudgetView budget,
			List<UnitView> units, List<HealingAction> actions) {
	}

}
