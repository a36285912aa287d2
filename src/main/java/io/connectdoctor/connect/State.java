package io.connectdoctor.connect;

import java.util.Locale;

/**
 * The state of a connector instance or a task as Kafka Connect reports it.
 * {@link #UNKNOWN} stands for any state this version does not know, so a newer Connect
 * never breaks parsing. {@link #STUCK} is the doctor's own word for a RUNNING task that
 * stopped moving data.
 *
 * @author connect-doctor
 */
public enum State {

	UNASSIGNED, RUNNING, PAUSED, FAILED,

	/** Since Kafka 3.0 (KIP-745), while a restart is under way. */
	RESTARTING,

	/** Since Kafka 3.5, connectors only. */
	STOPPED,

	/** A state this version of connect-doctor does not know. */
	UNKNOWN,

	/**
	 * Not Connect's: a task Connect reports RUNNING while the doctor's stuck-task check
	 * found it moving no data ({@code connect-doctor.stuck.*}). Never parsed from
	 * Connect's answers.
	 */
	STUCK;

	/** The states Connect writes, the ones {@link #of(String)} knows. */
	static final State[] CONNECT_STATES = { RUNNING, FAILED, UNASSIGNED, PAUSED, RESTARTING, STOPPED };

	private final String label = name().toLowerCase(Locale.ROOT);

	/**
	 * Return the state in lower case, as metrics label it; one string for all uses.
	 * @return the label value
	 */
	public String label() {
		return this.label;
	}

	/**
	 * Return the state named by Connect's text, or {@link #UNKNOWN}.
	 * @param text the state as Connect writes it, may be {@code null}
	 * @return the state
	 */
	public static State of(String text) {
		if (text == null) {
			return UNKNOWN;
		}
		return switch (text.toUpperCase(Locale.ROOT)) {
			case "UNASSIGNED" -> UNASSIGNED;
			case "RUNNING" -> RUNNING;
			case "PAUSED" -> PAUSED;
			case "FAILED" -> FAILED;
			case "RESTARTING" -> RESTARTING;
			case "STOPPED" -> STOPPED;
			default -> UNKNOWN;
		};
	}

}
