package io.connectdoctor.healing;

import java.time.Instant;
import java.util.List;

import io.connectdoctor.connect.UnitId;
import org.jspecify.annotations.Nullable;

/**
 * One healing decision, as it is logged (a structured event with these fields) and handed
 * to the {@link Healer.HealingListener listeners} (webhook notifications).
 *
 * @param at when it was decided
 * @param action what was decided: {@code restart}, {@code restart-failed},
 * {@code restart-dry-run}, {@code restart-conflict}, {@code give-up}, {@code quarantine},
 * {@code recovered}, {@code release}, {@code drop}, {@code stuck},
 * {@code outage-entered}, {@code outage-ended}, {@code kip-745-unsupported}
 * @param unit the unit, {@code null} for a decision about the whole cluster (an outage);
 * a connector instance for {@code kip-745-unsupported}
 * @param reason why, in words; values from Connect kept as they are (escaped where they
 * reach a text line)
 * @param attempt the unit's restarts so far (including this one), 0 without a unit
 * @param nextAttempt when the unit is due again, {@code null} when it is not
 * @author connect-doctor
 */
public record HealingEvent(Instant at, String action, @Nullable UnitId unit, String reason, int attempt,
		@Nullable Instant nextAttempt) {

	/** Every action, as {@code action} names it. */
	public static final List<String> ACTIONS = List.of("restart", "restart-failed", "restart-dry-run",
			"restart-conflict", "give-up", "quarantine", "recovered", "release", "drop", "stuck", "outage-entered",
			"outage-ended", "kip-745-unsupported");

}
