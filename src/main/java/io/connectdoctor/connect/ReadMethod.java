package io.connectdoctor.connect;

/**
 * How the cluster's status was read.
 *
 * @author connect-doctor
 */
public enum ReadMethod {

	/** One {@code GET /connectors?expand=status} (Kafka 2.3+, KIP-465). */
	EXPANDED,

	/** The connector list plus one status call per connector (clusters before 2.3). */
	PER_CONNECTOR

}
