package io.connectdoctor.settings;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Range checks for settings, run in the constructors of the configuration properties so a
 * wrong value stops start-up with an {@link InvalidSettingException} naming the property
 * (reported by {@link InvalidSettingFailureAnalyzer}). Plain code rather than Bean
 * Validation: seven checks do not justify loading about 700 classes into every sidecar.
 * Only numbers and durations are echoed in messages, never a value that may be secret.
 *
 * @author connect-doctor
 */
public final class Require {

	private Require() {
	}

	/**
	 * Require an integer of at least {@code min}.
	 * @param property the property's full name
	 * @param value its value
	 * @param min the least allowed value
	 * @return the value
	 */
	public static int atLeast(String property, int value, int min) {
		if (value < min) {
			throw new InvalidSettingException(property, "must be at least " + min + " (was " + value + ")");
		}
		return value;
	}

	/**
	 * Require an integer in {@code [min, max]}.
	 * @param property the property's full name
	 * @param value its value
	 * @param min the least allowed value
	 * @param max the greatest allowed value
	 * @return the value
	 */
	public static int between(String property, int value, int min, int max) {
		if (value < min || value > max) {
			throw new InvalidSettingException(property,
					"must be between " + min + " and " + max + " (was " + value + ")");
		}
		return value;
	}

	/**
	 * Require a number of at least {@code min}.
	 * @param property the property's full name
	 * @param value its value
	 * @param min the least allowed value
	 * @return the value
	 */
	public static double atLeast(String property, double value, double min) {
		if (!(value >= min)) {
			throw new InvalidSettingException(property, "must be at least " + min + " (was " + value + ")");
		}
		return value;
	}

	/**
	 * Require a number in {@code [min, max]}.
	 * @param property the property's full name
	 * @param value its value
	 * @param min the least allowed value
	 * @param max the greatest allowed value
	 * @return the value
	 */
	public static double between(String property, double value, double min, double max) {
		if (!(value >= min && value <= max)) {
			throw new InvalidSettingException(property,
					"must be between " + min + " and " + max + " (was " + value + ")");
		}
		return value;
	}

	/**
	 * Require a duration of at least {@code min}; {@code null} (not set) passes.
	 * @param property the property's full name
	 * @param value its value, may be {@code null}
	 * @param min the least allowed duration
	 * @return the value
	 */
	public static Duration atLeast(String property, Duration value, Duration min) {
		if (value != null && value.compareTo(min) < 0) {
			throw new InvalidSettingException(property,
					"must be at least " + min.toMillis() + " ms (was " + value.toMillis() + " ms)");
		}
		return value;
	}

	/**
	 * Require a duration between {@code min} and {@code max}, inclusive; {@code null}
	 * (not set) passes.
	 * @param property the property's full name
	 * @param value its value
	 * @param min the least allowed duration
	 * @param max the greatest allowed duration
	 * @return the value
	 */
	public static Duration between(String property, Duration value, Duration min, Duration max) {
		if (value != null && (value.compareTo(min) < 0 || value.compareTo(max) > 0)) {
			throw new InvalidSettingException(property, "must be between " + min.toMillis() + " ms and "
					+ max.toMillis() + " ms (was " + value.toMillis() + " ms)");
		}
		return value;
	}

	/**
	 * Require text that is not blank. The value is not echoed: it may hold credentials.
	 * @param property the property's full name
	 * @param value its value
	 * @return the value
	 */
	public static String notBlank(String property, String value) {
		if (value == null || value.isBlank()) {
			throw new InvalidSettingException(property, "must not be empty");
		}
		return value;
	}

	/**
	 * Require a collection with at least one element.
	 * @param <C> the collection's type
	 * @param property the property's full name
	 * @param value its value
	 * @return the value
	 */
	public static <C extends Collection<?>> C notEmpty(String property, C value) {
		if (value == null || value.isEmpty()) {
			throw new InvalidSettingException(property, "must name at least one value");
		}
		return value;
	}

	/**
	 * Require regular expressions, compiled.
	 * @param property the property's full name
	 * @param patterns its values
	 * @return the patterns, blanks left out
	 */
	public static List<Pattern> patterns(String property, List<String> patterns) {
		return patterns.stream().filter((p) -> !p.isBlank()).map((p) -> {
			try {
				return Pattern.compile(p);
			}
			catch (PatternSyntaxException ex) {
				throw new InvalidSettingException(property,
						"'" + p + "' is not a regular expression (" + ex.getDescription() + ")");
			}
		}).toList();
	}

}
