package io.connectdoctor.healing;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * At most {@code perMinute} restarts in any 60 seconds, across all units. A token bucket
 * whose every token comes back exactly one minute after Connect answered the restart it
 * was spent on: unlike a bucket refilled at a steady rate (which lets a full bucket plus
 * a minute's refill, twice the budget, go out within one minute), no 60-second window
 * ever holds more than the budget, whether it is counted when the restarts are sent or
 * when Connect receives them (a restart waiting in a queue on the way cannot bring the
 * next one closer). It keeps the times of the latest {@code perMinute} restarts in a
 * ring.
 *
 * @author connect-doctor
 */
final class RestartBudget {

	static final Duration WINDOW = Duration.ofMinutes(1);

	/** A slot whose restart has not been answered yet: its token is not back. */
	private static final Instant IN_FLIGHT = Instant.MAX;

	private final @Nullable Instant[] spent;

	private int next;

	RestartBudget(int perMinute) {
		this.spent = new Instant[perMinute];
	}

	/**
	 * Spend a token if one is left.
	 * @param now the current time
	 * @return the token's slot, to {@link #settle} when Connect answers; {@code -1} when
	 * no restart may go out now
	 */
	int tryTake(Instant now) {
		if (!hasToken(now)) {
			return -1;
		}
		int slot = this.next;
		this.spent[slot] = IN_FLIGHT;
		this.next = (this.next + 1) % this.spent.length;
		return slot;
	}

	/**
	 * The restart of a token was answered: the token comes back one minute later.
	 * @param slot the token's slot
	 * @param answeredAt when Connect answered (or the call ended)
	 */
	void settle(int slot, Instant answeredAt) {
		this.spent[slot] = answeredAt;
	}

	/**
	 * Return the restarts that may go out now.
	 * @param now the current time
	 * @return the tokens left
	 */
	int available(Instant now) {
		int available = 0;
		for (Instant at : this.spent) {
			if (isBack(at, now)) {
				available++;
			}
		}
		return available;
	}

	/**
	 * Return when the next token comes back.
	 * @param now the current time
	 * @return the time, or {@code null} when a token is left now or the next one waits
	 * for an answer still in flight
	 */
	@Nullable Instant nextTokenAt(Instant now) {
		Instant oldest = this.spent[this.next];
		return (hasToken(now) || oldest == IN_FLIGHT) ? null : oldest.plus(WINDOW);
	}

	/**
	 * Return the budget.
	 * @return restarts per minute
	 */
	int perMinute() {
		return this.spent.length;
	}

	private boolean hasToken(Instant now) {
		// The oldest of the ring is the next slot: free when unused, or answered a minute
		// ago.
		return isBack(this.spent[this.next], now);
	}

	private static boolean isBack(@Nullable Instant at, Instant now) {
		return at == null || (at != IN_FLIGHT && !now.isBefore(at.plus(WINDOW)));
	}

}
