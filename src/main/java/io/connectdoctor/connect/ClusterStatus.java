package io.connectdoctor.connect;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every connector of the cluster, by name, as read in one poll.
 *
 * @param connectors the connectors, sorted by name
 * @param readMethod how they were read
 * @author connect-doctor
 */
public record ClusterStatus(SortedMap<String, ConnectorStatus> connectors, ReadMethod readMethod) {

	public ClusterStatus {
		connectors = Collections.unmodifiableSortedMap(new TreeMap<>(connectors));
	}

	static ClusterStatus of(Map<String, ConnectorStatus> connectors, ReadMethod readMethod) {
		return new ClusterStatus(new TreeMap<>(connectors), readMethod);
	}

}
