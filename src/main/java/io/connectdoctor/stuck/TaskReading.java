package io.connectdoctor.stuck;

import io.connectdoctor.connect.UnitId;

/**
 * What one check read of one RUNNING task.
 *
 * @param task the task
 * @param position where the task stands: for a sink task, its partitions' committed
 * offsets folded into one number; for a source task, its connector's offsets; equal while
 * nothing moves
 * @param lag records behind the end of its partitions ({@code -1} for a source task,
 * which has no lag to read)
 * @param source what was read, for the reason given ({@code consumer group connect-x},
 * {@code source offsets})
 * @author connect-doctor
 */
record TaskReading(UnitId task, long position, long lag, String source) {

	/** A source task's lag: unknown. */
	static final long NO_LAG = -1;

}
