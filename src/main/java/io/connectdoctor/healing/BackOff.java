package io.connectdoctor.healing;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The wait after the {@code n}th restart of a unit:
 * {@code min(initial * multiplier^(n-1), max)}, spread by the jitter.
 *
 * @author connect-doctor
 */
final class BackOff {

	private final Duration initial;

	private final double multiplier;

	private final Duration max;

	private final double jitter;

	private final DoubleSupplier random;

	/**
	 * Create a back-off.
	 * @param random uniform values in [0, 1); the jitter moves each wait by up to
	 * {@code ±jitter} of it
	 */
	BackOff(Duration initial, double multiplier, Duration max, double jitter, DoubleSupplier random) {
		this.initial = initial;
		this.multiplier = multiplier;
		this.max = max;
		this.jitter = jitter;
		this.random = random;
	}

	/**
	 * Return the wait after the given number of restarts.
	 * @param attempts restarts made so far, at least 1
	 * @return the wait before the next one
	 */
	Duration after(int attempts) {
		double millis = this.initial.toMillis() * Math.pow(this.multiplier, Math.max(0, attempts - 1));
		millis = Math.min(millis, this.max.toMillis());
		double spread = 1 + this.jitter * (2 * this.random.getAsDouble() - 1);
		return Duration.ofMillis(Math.round(millis * spread));
	}

}
