package io.connectdoctor.connect;

/**
 * Told of every poll cycle's outcome, on the poller's thread, right after it is
 * published. Health evaluation and (later) healing and metrics hang off this.
 *
 * @author connect-doctor
 */
@FunctionalInterface
public interface PollListener {

	/**
	 * Called after each poll cycle.
	 * @param state the state the cycle published
	 */
	void onPoll(PollState state);

}
