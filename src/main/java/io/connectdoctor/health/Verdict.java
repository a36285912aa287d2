package io.connectdoctor.health;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The one verdict on the targeted worker's units, or on one connector's, as of a poll.
 * {@code /healthcheck}, {@code /healthcheck/{connector}} and the health indicators all
 * render a verdict, each the same way: the same state for an unreadable Connect, a stale
 * snapshot or an unknown connector everywhere.
 *
 * @param kind what the verdict is
 * @param error why nothing is known, for {@link Kind#UNKNOWN} and {@link Kind#NOT_FOUND}
 * @param failures the counted failures, for {@link Kind#DOWN}
 * @author connect-doctor
 */
public record Verdict(Kind kind, @Nullable String error, List<Failure> failures) {

	static Verdict of(List<Failure> failures) {
		return failures.isEmpty() ? new Verdict(Kind.UP, null, List.of()) : new Verdict(Kind.DOWN, null, failures);
	}

	static Verdict unknown(String error) {
		return new Verdict(Kind.UNKNOWN, error, List.of());
	}

	static Verdict notFound(String reason) {
		return new Verdict(Kind.NOT_FOUND, reason, List.of());
	}

	/**
	 * Return the status a probe answers with.
	 * @return 200, 503 or 404
	 */
	int httpStatus() {
		return this.kind.httpStatus;
	}

	/**
	 * Return the {@code status} field of a {@code /healthcheck} answer.
	 * @return {@code UP}, {@code DOWN} or {@code UNKNOWN}
	 */
	String label() {
		return this.kind.status.getCode();
	}

	/**
	 * Return the verdict as an actuator health, with its error or failures as details.
	 * {@code UNKNOWN} ranks above {@code UP} and maps to 503 (see
	 * {@code management.endpoint.health.status} in {@code application.yaml}), as on
	 * {@code /healthcheck}.
	 * @return a builder to add further details to
	 */
	Health.Builder toHealth() {
		Health.Builder builder = Health.status(this.kind.status);
		return (this.error != null) ? builder.withDetail("error", this.error)
				: builder.withDetail("failures", this.failures);
	}

	/**
	 * What a verdict is.
	 */
	public enum Kind {

		/** No counted failure. */
		UP(Status.UP, 200),

		/** At least one counted failure. */
		DOWN(Status.DOWN, 503),

		/** Connect cannot be read, or the last read is older than the staleness limit. */
		UNKNOWN(Status.UNKNOWN, 503),

		/** No such connector in the cluster, or one that is not watched. */
		NOT_FOUND(Status.UNKNOWN, 404);

		private final Status status;

		private final int httpStatus;

		Kind(Status status, int httpStatus) {
			this.status = status;
			this.httpStatus = httpStatus;
		}

	}

}
