package io.connectdoctor.records;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.connectdoctor.connect.Unit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * One connector instance or task as of one poll: the row the PowerShell monitor wrote to
 * its {@code KafkaConnect_CL} table.
 *
 * @param timeGenerated when Connect reported this state (the poll's time)
 * @param connector the connector's name
 * @param task the task id, {@code null} for the connector instance
 * @param state the state (Connect's, or STUCK)
 * @param workerId the worker running it, {@code null} when Connect sent none
 * @param trace the failure's trace, cut to
 * {@code connect-doctor.records.trace-max-length} characters, {@code null} when there is
 * none
 * @author connect-doctor
 */
public record StatusRecord(Instant timeGenerated, String connector, @Nullable Integer task, String state,
		@Nullable String workerId, @Nullable String trace) {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	static StatusRecord of(Instant polledAt, Unit unit, int traceMaxLength) {
		String trace = unit.trace();
		if (trace != null && trace.length() > traceMaxLength) {
			trace = trace.substring(0, traceMaxLength) + "...";
		}
		return new StatusRecord(polledAt, unit.connector(), unit.taskId(), unit.state().name(), unit.workerId(), trace);
	}

	/**
	 * Return the record as one JSON object with the Log Analytics table's columns
	 * ({@code TimeGenerated}, {@code Connector}, {@code Task}, {@code State},
	 * {@code WorkerId}, {@code Trace}).
	 * @return the JSON text
	 */
	public String toJson() {
		Map<String, @Nullable Object> columns = new LinkedHashMap<>();
		columns.put("TimeGenerated", this.timeGenerated.toString());
		columns.put("Connector", this.connector);
		columns.put("Task", this.task);
		columns.put("State", this.state);
		columns.put("WorkerId", this.workerId);
		columns.put("Trace", this.trace);
		return MAPPER.writeValueAsString(columns);
	}

}
