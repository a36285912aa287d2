/**
 * Status records: every {@code connect-doctor.records.interval}, one record per counted
 * connector and task (connector, task, state, worker, trace, time) as a structured log
 * event, and optionally sent to Azure Monitor through its Logs Ingestion API.
 */
@NullMarked
package io.connectdoctor.records;

import org.jspecify.annotations.NullMarked;
