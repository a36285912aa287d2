/**
 * Sending to the outside without ever holding up the doctor: a bounded queue per target
 * (Azure Monitor's Logs Ingestion API, a webhook) drained by a thread of its own, in
 * batches, with retries and back-off, and every item lost counted.
 */
@NullMarked
package io.connectdoctor.delivery;

import org.jspecify.annotations.NullMarked;
