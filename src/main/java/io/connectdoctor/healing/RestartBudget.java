package io.connectdoctor.healing;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * At most {@code perMinute} restarts in any 60 seconds, across all units. A token bucket
 * whose every token comes back exactly one minute after it was spent: unlike a bucket
 * refilled at a steady rate (which lets a full bucket plus a minute's refill, twice the
 * budget, go out within one minute), no 60-second window ever holds more than the budget.
 * It keeps the times of the latest {@code perMinute} restarts in a ring.
 *
 * @author connect-doctor
 */
final class RestartBudget {

	static final Duration WINDOW = Duration.ofMinutes(1);

	private final @Nullable Instant[] spent;

	private int next;

	RestartBudget(int perMinute) {
		this.spent = new Instant[perMinute];
	}

	/**
	 * Spend a token if one is left.
	 * @param now the current time
	 * @return whether a restart may go out now
	 */
	boolean tryTake(Instant now) {
		if (!hasToken(now)) {
			return false;
		}
		this.spent[this.next] = now;
		this.next = (this.next + 1) % this.spent.length;
		return true;
	}

	/**
	 * Return the restarts that may go out now.
	 * @param now the current time
	 * @return the tokens left
	 */
	int available(Instant now) {
		int available = 0;
		for (Instant at : this.spent) {
			if (at == null || !now.isBefore(at.plus(WINDOW))) {
				available++;
			}
		}
		return available;
	}

	/**
	 * Return when the next token comes back.
	 * @param now the current time
	 * @return the time, or {@code null} when a token is left now
	 */
	@Nullable Instant nextTokenAt(Instant now) {
		return hasToken(now) ? null : this.spent[this.next].plus(WINDOW);
	}

	/**
	 * Return the budget.
	 * @return restarts per minute
	 */
	int perMinute() {
		return this.spent.length;
	}

	private boolean hasToken(Instant now) {
		// The oldest of the ring is the next slot: free when unused or a minute old.
		Instant oldest = this.spent[this.next];
		return oldest == null || !now.isBefore(oldest.plus(WINDOW));
	}

}
