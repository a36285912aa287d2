package io.connectdoctor.connect;

import java.time.Duration;
import java.util.Map;

/**
 * The tasks the stuck-task check found RUNNING but moving no data. The poller applies
 * them to each snapshot it builds ({@link ClusterStatus#withStuck(Map)}), so health,
 * healing, metrics and the report all see such a task as {@link State#STUCK}, from the
 * same snapshot, without asking the check anything.
 *
 * @author connect-doctor
 */
@FunctionalInterface
public interface StuckTasks {

	/** No check: no task is ever stuck. */
	StuckTasks NONE = Map::of;

	/**
	 * Return the tasks found stuck by the latest check, each with why.
	 * @return the reasons, by task; empty when none is stuck
	 */
	Map<UnitId, String> current();

	/**
	 * Return how long the check needs to judge a task afresh: a task restarted for being
	 * stuck has not shown it recovered before this has passed.
	 * @return the time; zero without a check
	 */
	default Duration judgedWithin() {
		return Duration.ZERO;
	}

}
