package io.connectdoctor.healing;

import java.time.Instant;

import io.connectdoctor.connect.UnitId;
import org.jspecify.annotations.Nullable;

/**
 * The healer's outage breaker. When at least {@code threshold} of the counted units, and
 * at least {@code minUnits}, fail at once, the cause is shared (a database, a broker, a
 * network) and restarting every unit cannot help: the breaker opens (OUTAGE) and only one
 * canary unit is restarted per back-off step. It closes when the canary stays RUNNING for
 * a poll after its restart, or when fewer than the threshold fail. After a canary closed
 * it, it opens again only once the failures have dropped below the threshold, so the
 * other units get their restarts at the budget's pace.
 *
 * @author connect-doctor
 */
final class OutageBreaker {

	private final double threshold;

	private final int minUnits;

	private boolean open;

	private boolean armed = true;

	private @Nullable Instant since;

	private @Nullable UnitId canary;

	private int failing;

	private int counted;

	OutageBreaker(double threshold, int minUnits) {
		this.threshold = threshold;
		this.minUnits = minUnits;
	}

	/**
	 * Take the counts of one snapshot.
	 * @return the change it caused, or {@code null}
	 */
	@Nullable Change update(int failing, int counted, Instant now) {
		this.failing = failing;
		this.counted = counted;
		boolean storm = failing >= this.minUnits && failing >= this.threshold * counted;
		if (this.open && !storm) {
			close();
			return Change.ENDED;
		}
		if (!this.open && !storm) {
			this.armed = true;
		}
		if (!this.open && storm && this.armed) {
			this.open = true;
			this.since = now;
			return Change.ENTERED;
		}
		return null;
	}

	/** The canary ran again: resume at the budget's pace. */
	void canaryRecovered() {
		close();
		this.armed = false;
	}

	private void close() {
		this.open = false;
		this.since = null;
		this.canary = null;
	}

	boolean isOpen() {
		return this.open;
	}

	@Nullable UnitId canary() {
		return this.canary;
	}

	void canary(@Nullable UnitId canary) {
		this.canary = canary;
	}

	String describe() {
		return this.failing + " of " + this.counted + " units failing (outage-threshold "
				+ Math.round(this.threshold * 100) + " %, outage-min-units " + this.minUnits + ")";
	}

	/**
	 * The breaker's state, for the {@code healing} endpoint.
	 * @return the view
	 */
	View view() {
		return new View(this.open ? "OUTAGE" : "NORMAL", this.since, this.failing, this.counted, this.canary);
	}

	enum Change {

		ENTERED, ENDED

	}

	/**
	 * The breaker's state.
	 *
	 * @param mode {@code NORMAL} or {@code OUTAGE}
	 * @param since when the outage began, or {@code null}
	 * @param failing the failing units of the latest snapshot the healer read
	 * @param counted the units it counts: watched tasks on a targeted worker whose
	 * connector is not paused or stopped, and such connector instances without tasks
	 * @param canary the unit restarted during the outage, or {@code null}
	 */
	record View(String mode, @Nullable Instant since, int failing, int counted, @Nullable UnitId canary) {
	}

}
