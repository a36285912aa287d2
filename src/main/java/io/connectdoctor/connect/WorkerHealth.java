package io.connectdoctor.connect;

import org.jspecify.annotations.Nullable;

/**
 * The health of the worker connect-doctor talks to, from Kafka's own {@code GET /health}
 * (KIP-1017, Kafka 3.9+) or, on older workers, from whether its REST API answers.
 *
 * @param status the worker's health
 * @param source where the answer came from
 * @param message Connect's message, or the reason it could not be read
 * @author connect-doctor
 */
public record WorkerHealth(Status status, Source source, @Nullable String message) {

	/**
	 * The health of a worker.
	 */
	public enum Status {

		/** {@code /health} answered 200, or (older workers) the REST API answered. */
		HEALTHY,

		/** {@code /health} answered 503: the worker is still starting. */
		STARTING,

		/** {@code /health} answered 500 or timed out: herder stuck or brokers gone. */
		UNHEALTHY,

		/** The worker could not be reached. */
		UNREACHABLE,

		/**
		 * {@code /health} answered 401 or 403: the doctor's credentials are wrong or not
		 * enough; says nothing of the worker's health.
		 */
		UNAUTHORIZED

	}

	/**
	 * Where a worker's health came from.
	 */
	public enum Source {

		/** Kafka's {@code GET /health} endpoint (KIP-1017). */
		KIP_1017,

		/**
		 * The worker predates {@code /health} (Kafka before 3.9): as KIP-1017 suggests, a
		 * {@code GET /connectors/<a name that does not exist>} answered 404 in time means
		 * its herder serves requests.
		 */
		REST_API

	}

}
