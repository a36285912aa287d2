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
	 * @param connectors the connectors read, by name
	 * @param readMethod how they were read
	 * @param listed every name Connect listed, in its order; names not read (deleted
	 * meanwhile) are left out
	 */
	static ClusterStatus of(Map<String, ConnectorStatus> connectors, ReadMethod readMethod, List<String> listed) {
		List<String> read = new ArrayList<>(connectors.size());
		for (String name : listed) {
			if (connectors.containsKey(name)) {
				read.add(name);
			}
		}
		return new ClusterStatus(new TreeMap<>(connectors), readMethod, read);
	}

}
