/**
 * The stuck-task check: RUNNING tasks that have stopped moving data, found from Kafka's
 * consumer group offsets (sink connectors) and KIP-875 source offsets.
 */
@NullMarked
package io.connectdoctor.stuck;

import org.jspecify.annotations.NullMarked;
