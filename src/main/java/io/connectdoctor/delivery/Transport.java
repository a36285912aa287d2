package io.connectdoctor.delivery;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Sends one batch to a target, blocking the outbox's own thread (never another) for at
 * most its own deadline.
 *
 * @param <T> the items
 * @author connect-doctor
 */
@FunctionalInterface
public interface Transport<T> {

	/**
	 * Send one batch.
	 * @param batch the items, at least one
	 * @return what came of it; an exception counts as {@link Attempt#retry}
	 */
	Attempt send(List<T> batch);

	/**
	 * Read a {@code Retry-After} header in seconds (the form Azure and Slack send).
	 * @param header the header's value, or {@code null}
	 * @return the wait, {@code null} when absent or not in seconds
	 */
	static @Nullable Duration retryAfter(@Nullable String header) {
		if (header == null) {
			return null;
		}
		try {
			return Duration.ofSeconds(Long.parseLong(header.trim()));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * What came of one send.
	 *
	 * @param outcome delivered, to be retried, or refused for good
	 * @param retryAfter how long the target asked to wait ({@code Retry-After}), or
	 * {@code null}
	 * @param detail what the target answered, for the log: never a secret, never the
	 * target's address (a webhook URL carries its secret)
	 */
	record Attempt(Outcome outcome, @Nullable Duration retryAfter, String detail) {

		/** Delivered. */
		public static final Attempt DELIVERED = new Attempt(Outcome.DELIVERED, null, "delivered");

		/**
		 * To be sent again after a back-off.
		 * @param retryAfter what the target asked for, or {@code null}
		 * @param detail what happened
		 * @return the attempt
		 */
		public static Attempt retry(@Nullable Duration retryAfter, String detail) {
			return new Attempt(Outcome.RETRY, retryAfter, detail);
		}

		/**
		 * What an HTTP answer means for a batch: 2xx delivered; 408, 429 and 5xx to be
		 * sent again (after {@code Retry-After} when given); any other status refused for
		 * good.
		 * @param status the answer's status
		 * @param retryAfter its {@code Retry-After} header, or {@code null}
		 * @param detail what happened, for the log
		 * @return the attempt
		 */
		public static Attempt of(int status, @Nullable String retryAfter, String detail) {
			if (status >= 200 && status < 300) {
				return DELIVERED;
			}
			if (status == 408 || status == 429 || status >= 500) {
				return retry(Transport.retryAfter(retryAfter), detail);
			}
			return rejected(detail);
		}

		/**
		 * Refused for good (a 4xx other than 408 and 429): sending it again would be
		 * refused again.
		 * @param detail what the target answered
		 * @return the attempt
		 */
		public static Attempt rejected(String detail) {
			return new Attempt(Outcome.REJECTED, null, detail);
		}

	}

	/**
	 * The outcome of a send.
	 */
	enum Outcome {

		/** The target took the batch. */
		DELIVERED,

		/** Not now: 429, 5xx, a time-out, no connection. */
		RETRY,

		/** Never: the batch is dropped and counted. */
		REJECTED

	}

}
