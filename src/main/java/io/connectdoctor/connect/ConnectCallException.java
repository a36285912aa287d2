package io.connectdoctor.connect;

import org.jspecify.annotations.Nullable;

/**
 * A call to Kafka Connect that did not give a usable answer, typed by what went wrong.
 * The message names the request and the reason, never a credential.
 *
 * @author connect-doctor
 */
public final class ConnectCallException extends RuntimeException {

	/**
	 * What went wrong.
	 */
	public enum Kind {

		/** No connection: refused, reset, unknown host, TLS handshake failed. */
		UNREACHABLE,

		/** Connected, but no answer within the deadline. */
		TIMEOUT,

		/**
		 * Connect answered with an error status; its {@code error_code} and message are
		 * kept.
		 */
		HTTP_STATUS,

		/** Connect answered 2xx with a body that is not the JSON it should be. */
		MALFORMED_RESPONSE

	}

	private final Kind kind;

	private final int httpStatus;

	private final @Nullable String connectMessage;

	ConnectCallException(Kind kind, String request, int httpStatus, String connectMessage, String reason,
			Throwable cause) {
		super(request + ": " + reason, cause);
		this.kind = kind;
		this.httpStatus = httpStatus;
		this.connectMessage = connectMessage;
	}

	/**
	 * Create a failure to connect.
	 * @param request the request, as {@code METHOD path}
	 * @param reason why
	 * @param cause the underlying failure, or {@code null}
	 * @return the exception
	 */
	public static ConnectCallException unreachable(String request, String reason, Throwable cause) {
		return new ConnectCallException(Kind.UNREACHABLE, request, 0, null,
				"Kafka Connect unreachable (" + reason + ")", cause);
	}

	/**
	 * Create a missed deadline.
	 * @param request the request, as {@code METHOD path}
	 * @param reason which deadline
	 * @param cause the underlying failure, or {@code null}
	 * @return the exception
	 */
	public static ConnectCallException timeout(String request, String reason, Throwable cause) {
		return new ConnectCallException(Kind.TIMEOUT, request, 0, null, "no answer from Kafka Connect " + reason,
				cause);
	}

	/**
	 * Create an error answer from Connect.
	 * @param request the request, as {@code METHOD path}
	 * @param status the HTTP status
	 * @param connectMessage the {@code message} of Connect's error JSON, or {@code null}
	 * @return the exception
	 */
	public static ConnectCallException httpStatus(String request, int status, String connectMessage) {
		String reason = "Kafka Connect answered " + status
				+ ((connectMessage != null && !connectMessage.isBlank()) ? ": " + connectMessage : "");
		return new ConnectCallException(Kind.HTTP_STATUS, request, status, connectMessage, reason, null);
	}

	/**
	 * Create an unreadable answer.
	 * @param request the request, as {@code METHOD path}
	 * @param reason what is wrong with it
	 * @param cause the underlying failure, or {@code null}
	 * @return the exception
	 */
	public static ConnectCallException malformed(String request, String reason, Throwable cause) {
		return new ConnectCallException(Kind.MALFORMED_RESPONSE, request, 0, null,
				"malformed answer from Kafka Connect: " + reason, cause);
	}

	/**
	 * Return what went wrong.
	 * @return the kind of failure
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * Return the HTTP status Connect answered with.
	 * @return the status, or 0 when Connect gave none
	 */
	public int httpStatus() {
		return this.httpStatus;
	}

	/**
	 * Return the {@code message} of Connect's error JSON.
	 * @return the message, or {@code null}
	 */
	public @Nullable String connectMessage() {
		return this.connectMessage;
	}

	/**
	 * Return whether Connect answered with the given status.
	 * @param status an HTTP status
	 * @return whether this failure is that answer
	 */
	public boolean isStatus(int status) {
		return this.kind == Kind.HTTP_STATUS && this.httpStatus == status;
	}

}
