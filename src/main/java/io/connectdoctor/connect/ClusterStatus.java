package io.connectdoctor.connect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every connector of the cluster, by name, as read in one poll.
 *
 * @param connectors the connectors, sorted by name
 * @param readMethod how they were read
 * @param listed the connectors' names in the order Connect listed them (answers that
 * follow Connect's order, as devshawn's tool does, use it)
 * @author connect-doctor
 */
public record ClusterStatus(SortedMap<String, ConnectorStatus> connectors, ReadMethod readMethod, List<String> listed) {

	public ClusterStatus {
		connectors = Collections.unmodifiableSortedMap(new TreeMap<>(connectors));
		listed = List.copyOf(listed);
	}

	/**
	 * Create the status of the connectors read, in the order Connect listed them.
	 * @param connectors the connectors read, in Connect's order; connectors not read
	 * (deleted meanwhile) are left out. Of two with the same name the last counts, in the
	 * place of the first.
	 * @param readMethod how they were read
	 * @return the status
	 */
	static ClusterStatus of(List<ConnectorStatus> connectors, ReadMethod readMethod) {
		TreeMap<String, ConnectorStatus> byName = new TreeMap<>();
		List<String> listed = new ArrayList<>(connectors.size());
		for (ConnectorStatus connector : connectors) {
			if (byName.put(connector.name(), connector) == null) {
				listed.add(connector.name());
			}
		}
		return new ClusterStatus(byName, readMethod, listed);
	}

	/**
	 * Return this status with the tasks the stuck-task check found stuck shown as
	 * {@link State#STUCK}, the check's reason as their trace. Only a task Connect reports
	 * RUNNING is marked: a FAILED or restarting task is what Connect says it is.
	 * @param stuck the stuck tasks and why, from {@link StuckTasks#current()}
	 * @return the status; this one when no task is marked
	 */
	public ClusterStatus withStuck(Map<UnitId, String> stuck) {
		if (stuck.isEmpty()) {
			return this;
		}
		TreeMap<String, ConnectorStatus> marked = null;
		for (ConnectorStatus connector : this.connectors.values()) {
			List<TaskStatus> tasks = null;
			for (int i = 0; i < connector.tasks().size(); i++) {
				TaskStatus task = connector.tasks().get(i);
				String reason = (task.state() == State.RUNNING) ? stuck.get(task.unitId()) : null;
				if (reason != null) {
					if (tasks == null) {
						tasks = new ArrayList<>(connector.tasks());
					}
					tasks.set(i, new TaskStatus(task.connector(), task.id(), State.STUCK, task.workerId(), reason));
				}
			}
			if (tasks != null) {
				if (marked == null) {
					marked = new TreeMap<>(this.connectors);
				}
				marked.put(connector.name(), new ConnectorStatus(connector.name(), connector.type(), connector.state(),
						connector.workerId(), connector.trace(), tasks));
			}
		}
		return (marked != null) ? new ClusterStatus(marked, this.readMethod, this.listed) : this;
	}

}
