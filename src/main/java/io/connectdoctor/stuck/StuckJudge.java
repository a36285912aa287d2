package io.connectdoctor.stuck;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.connectdoctor.connect.UnitId;
import org.jspecify.annotations.Nullable;

/**
 * Judges each task over a window of samples, as Burrow judges consumers: a task is STUCK
 * when, over every sample of the last {@code after}, its position never moved and (for a
 * sink task) it had lag at every one of them. Never on one sample: at least two readings
 * must show the same position. A sink task without lag is never stuck, however long it is
 * idle.
 * <p>
 * The window is kept as three facts per task (when its position last moved, the samples
 * since, since when it has had lag without a break) rather than the samples themselves:
 * the same rule, in constant memory per task. Not thread-safe: the check calls it under
 * its lock.
 *
 * @author connect-doctor
 */
final class StuckJudge {

	private final Duration after;

	private final Map<UnitId, Track> tracks = new HashMap<>();

	StuckJudge(Duration after) {
		this.after = after;
	}

	/**
	 * Take in one check's readings and return the tasks that are stuck now. A task not
	 * read this time (no longer RUNNING, moved, deleted) is forgotten: its window starts
	 * again when it is read again.
	 * @param readings every task read by this check
	 * @param now when the check read them
	 * @return the stuck tasks
	 */
	Map<UnitId, StuckTask> judge(Collection<TaskReading> readings, Instant now) {
		Set<UnitId> read = new HashSet<>();
		Map<UnitId, StuckTask> stuck = new HashMap<>();
		for (TaskReading reading : readings) {
			read.add(reading.task());
			Track track = this.tracks.get(reading.task());
			if (track == null) {
				track = new Track(reading.position(), now);
				this.tracks.put(reading.task(), track);
			}
			track.take(reading, now);
			StuckTask verdict = track.verdict(reading, now, this.after);
			if (verdict != null) {
				stuck.put(reading.task(), verdict);
			}
		}
		this.tracks.keySet().retainAll(read);
		return stuck;
	}

	/**
	 * Start a task's window again: it was restarted, and has {@code after} to show it
	 * moves.
	 * @param task the task
	 * @param at when it was restarted
	 */
	void restarted(UnitId task, Instant at) {
		Track track = this.tracks.get(task);
		if (track != null) {
			track.movedAt = at;
			track.samplesSinceMove = 0;
			if (track.lagSince != null) {
				track.lagSince = at;
			}
		}
	}

	/**
	 * Return the tasks being watched.
	 * @return their number
	 */
	int watched() {
		return this.tracks.size();
	}

	private static final class Track {

		long position;

		Instant movedAt;

		int samplesSinceMove;

		@Nullable Instant lagSince;

		Track(long position, Instant now) {
			this.position = position;
			this.movedAt = now;
		}

		void take(TaskReading reading, Instant now) {
			if (reading.position() != this.position) {
				this.position = reading.position();
				this.movedAt = now;
				this.samplesSinceMove = 1;
			}
			else {
				this.samplesSinceMove++;
			}
			if (reading.lag() == 0) {
				this.lagSince = null;
			}
			else if (this.lagSince == null) {
				this.lagSince = now;
			}
		}

		@Nullable StuckTask verdict(TaskReading reading, Instant now, Duration after) {
			if (this.samplesSinceMove < 2 || Duration.between(this.movedAt, now).compareTo(after) < 0) {
				return null;
			}
			boolean sink = reading.lag() != TaskReading.NO_LAG;
			if (sink && (this.lagSince == null || Duration.between(this.lagSince, now).compareTo(after) < 0)) {
				return null;
			}
			Duration still = Duration.between(this.movedAt, now).withNanos(0);
			String reason = sink
					? "RUNNING, but the committed offsets of " + reading.source() + " have not moved for " + still
							+ " while " + reading.lag() + " records wait"
					: "RUNNING, but its connector's " + reading.source() + " have not changed for " + still;
			return new StuckTask(reading.task(), this.movedAt, reading.lag(), reason);
		}

	}

}
