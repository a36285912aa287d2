package io.connectdoctor.target;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

import io.connectdoctor.connect.LogText;
import io.connectdoctor.connect.PollListener;
import io.connectdoctor.connect.PollState;
import io.connectdoctor.connect.Unit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches whether the target matches anything: logs the worker ids it resolves to, and
 * warns, naming the worker ids it does see, when the cluster has tasks but none on a
 * targeted worker for several polls in a row. A misconfigured sidecar must not silently
 * report healthy.
 *
 * @author connect-doctor
 */
final class TargetMonitor implements PollListener {

	private static final Logger logger = LoggerFactory.getLogger(TargetMonitor.class);

	private final WorkerTarget target;

	private final int warningPolls;

	private int pollsWithoutMatch;

	private Set<String> lastMatched = Set.of();

	private boolean warned;

	/**
	 * Whether only Connector Guardian's variables set this doctor up: Guardian watched
	 * the whole cluster, so the warning says how to get that.
	 */
	private final boolean guardianOnly;

	TargetMonitor(WorkerTarget target, TargetProperties properties) {
		this(target, properties, false);
	}

	TargetMonitor(WorkerTarget target, TargetProperties properties, boolean guardianOnly) {
		this.target = target;
		this.warningPolls = properties.mismatchWarningPolls();
		this.guardianOnly = guardianOnly;
	}

	@Override
	public void onPoll(PollState state) {
		if (!state.isCurrent() || this.target.isCluster()) {
			return;
		}
		// Hash sets while gathering (a worker id is one shared string, so each of the
		// 50,000 units costs a cached hash and an identity check), sorted for the logs.
		Set<String> seen = new HashSet<>();
		boolean anyTask = false;
		for (Unit unit : state.snapshot().units()) {
			anyTask |= unit.isTask();
			addIfPresent(seen, unit.workerId());
		}
		Set<String> gathered = new HashSet<>();
		for (Unit unit : state.snapshot().targeted()) {
			addIfPresent(gathered, unit.workerId());
		}
		Set<String> matched = new TreeSet<>(gathered);
		if (!matched.isEmpty() && !matched.equals(this.lastMatched)) {
			logger.info("Targeting worker(s) {} ({})", LogText.of(matched), LogText.of(this.target.description()));
		}
		this.lastMatched = matched;
		if (anyTask && matched.isEmpty()) {
			this.pollsWithoutMatch++;
			if (this.pollsWithoutMatch >= this.warningPolls && !this.warned) {
				this.warned = true;
				logger.warn(
						"The cluster has tasks but none on the targeted worker ({}) for {} polls; workers seen: {}. "
								+ "If this doctor sits beside one of them, set KAFKA_CONNECT_TARGET_WORKER_IDS "
								+ "(connect-doctor.target.worker-ids) to its id.{}",
						LogText.of(this.target.description()), this.pollsWithoutMatch, LogText.of(new TreeSet<>(seen)),
						this.guardianOnly ? " Set up by Connector Guardian's variables only: Guardian watched the "
								+ "whole cluster, and CONNECT_DOCTOR_TARGET_MODE=cluster "
								+ "(connect-doctor.target.mode=cluster) does the same." : "");
			}
		}
		else {
			if (this.warned) {
				logger.info("Tasks on the targeted worker(s) {} seen again", LogText.of(matched));
			}
			this.pollsWithoutMatch = 0;
			this.warned = false;
		}
	}

	private static void addIfPresent(Set<String> ids, @Nullable String id) {
		if (id != null) {
			ids.add(id);
		}
	}

}
