package io.connectdoctor.connect;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Logs a recurring problem once when it starts or changes, and once when it is over,
 * rather than on every cycle.
 *
 * @author connect-doctor
 */
public final class ProblemLog {

	private final Logger logger;

	private @Nullable String current;

	/**
	 * Create a new instance.
	 * @param logger the logger to write to
	 */
	public ProblemLog(Logger logger) {
		this.logger = logger;
	}

	/**
	 * Log a problem at WARN unless it is the one already reported.
	 * @param key identifies the problem; a new key is a new problem
	 * @param format the SLF4J message format
	 * @param arguments its arguments, escaped for the log line (a trailing throwable is
	 * logged with its trace)
	 */
	public synchronized void report(String key, String format, Object... arguments) {
		if (!key.equals(this.current)) {
			this.current = key;
			this.logger.warn(format, LogText.all(arguments));
		}
	}

	/**
	 * Log at INFO that the reported problem is over, if one was.
	 * @param message what is fine again, escaped for the log line
	 */
	public synchronized void resolved(String message) {
		if (this.current != null) {
			this.current = null;
			this.logger.info("{}", LogText.of(message));
		}
	}

}
