package io.connectdoctor.healing;

import java.time.Instant;

import io.connectdoctor.connect.UnitId;
import org.jspecify.annotations.Nullable;

/**
 * One restart the healer decided, with its result and what the unit did afterwards.
 *
 * @param at when Connect answered (or, in a dry run, when it was decided)
 * @param unit the unit
 * @param call the restart call that was used
 * @param attempt the attempt number this restart was (unchanged by a conflict)
 * @param result what Connect answered
 * @param error the reason of a failed request, or {@code null}
 * @param outcome what the unit did afterwards
 * @author connect-doctor
 */
public record HealingAction(Instant at, UnitId unit, RestartCall call, int attempt, RestartResult result,
		@Nullable String error, Outcome outcome) {

	HealingAction withOutcome(Outcome outcome) {
		return new HealingAction(this.at, this.unit, this.call, this.attempt, this.result, this.error, outcome);
	}

}
