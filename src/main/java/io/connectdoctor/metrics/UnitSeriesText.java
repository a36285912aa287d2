package io.connectdoctor.metrics;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.connectdoctor.connect.State;
import io.connectdoctor.connect.Unit;
import org.jspecify.annotations.Nullable;

/**
 * The text of the per-unit series of one snapshot, written as it is read: a scrape
 * streams it to Prometheus a few kilobytes at a time instead of building 80,000 data
 * points and 6.5 MB of text in the heap first (N = 10,000). The lines are the ones the
 * Prometheus client's text writers give for {@link UnitStateCollector#collect()} (the
 * same labels in the same order, the same escaping, the same values), in the units' order
 * rather than sorted, which Prometheus does not ask for.
 *
 * @author connect-doctor
 */
final class UnitSeriesText extends InputStream {

	private static final byte[] CONNECTOR_LABEL = ascii("{connector=\"");

	private static final byte[] STATE_LABEL = ascii("\",state=\"");

	private static final byte[] TASK_LABEL = ascii("\",task=\"");

	private static final byte[] WORKER_LABEL = ascii("\",worker=\"");

	private static final byte[] ONE = ascii("\"} 1.0\n");

	private static final byte[] POINT_ZERO = ascii(".0\n");

	private static final byte[] ZERO = ascii("\"} 0.0\n");

	private static final byte[] CLOSE = ascii("\"} ");

	private static final byte[] CONNECTOR_STATE = ascii(UnitStateCollector.CONNECTOR_STATE);

	private static final byte[] TASK_STATE = ascii(UnitStateCollector.TASK_STATE);

	private static final byte[] CONNECTOR_TASKS = ascii(UnitStateCollector.CONNECTOR_TASKS);

	/** Each state's label, by ordinal. */
	private static final byte[][] LABELS = labels();

	/** Lines are written in chunks of about this size. */
	private static final int CHUNK = 16 * 1024;

	private final List<Unit> units;

	private final boolean openMetrics;

	private final State[] taskStates;

	private final boolean taskSeries;

	/** Which family is being written: connector states, task counts, task states. */
	private int family;

	/** The next unit of the family being written. */
	private int next;

	private boolean headerWritten;

	private byte[] buffer = new byte[CHUNK + 1024];

	private int length;

	private int position;

	/** Each connector name's and worker id's escaped bytes, made once per scrape. */
	private final Map<String, byte[]> escaped = new HashMap<>();

	private final int[] counts = new int[State.values().length];

	/**
	 * Create the text of these units.
	 * @param units the targeted units of a snapshot, grouped by connector, each
	 * connector's instance first
	 * @param openMetrics whether the format is OpenMetrics (its metadata order); the
	 * closing {@code # EOF} is not part of this text
	 * @param taskStates the states of a task's state set
	 * @param taskSeries whether the per-task state sets are written
	 */
	UnitSeriesText(List<Unit> units, boolean openMetrics, State[] taskStates, boolean taskSeries) {
		this.units = units;
		this.openMetrics = openMetrics;
		this.taskStates = taskStates;
		this.taskSeries = taskSeries;
	}

	@Override
	public int read() {
		byte[] one = new byte[1];
		return (read(one, 0, 1) <= 0) ? -1 : (one[0] & 0xFF);
	}

	@Override
	public int read(byte[] target, int offset, int count) {
		if (count == 0) {
			return 0;
		}
		while (this.position >= this.length) {
			if (!fill()) {
				return -1;
			}
		}
		int n = Math.min(count, this.length - this.position);
		System.arraycopy(this.buffer, this.position, target, offset, n);
		this.position += n;
		return n;
	}

	/** Writes the next chunk of lines; {@code false} once every family is written. */
	private boolean fill() {
		this.length = 0;
		this.position = 0;
		while (this.length < CHUNK && this.family < 3) {
			if (this.next >= this.units.size()) {
				this.family++;
				this.next = 0;
				this.headerWritten = false;
				continue;
			}
			switch (this.family) {
				case 0 -> connectorState(this.units.get(this.next++));
				case 1 -> taskCounts();
				default -> taskState(this.units.get(this.next++));
			}
		}
		return this.length > 0;
	}

	private void connectorState(Unit unit) {
		if (unit.isTask()) {
			return;
		}
		header(UnitStateCollector.CONNECTOR_STATE, UnitStateCollector.CONNECTOR_STATE_HELP);
		byte[] connector = escaped(unit.connector());
		byte[] worker = escaped(worker(unit.workerId()));
		for (State state : UnitStateCollector.CONNECTOR_STATES) {
			write(CONNECTOR_STATE);
			write(CONNECTOR_LABEL);
			write(connector);
			write(STATE_LABEL);
			write(LABELS[state.ordinal()]);
			write(WORKER_LABEL);
			write(worker);
			write((state == unit.state()) ? ONE : ZERO);
		}
	}

	/** One connector's units: its tasks counted by state, zeros included. */
	private void taskCounts() {
		String connector = this.units.get(this.next).connector();
		Arrays.fill(this.counts, 0);
		while (this.next < this.units.size() && this.units.get(this.next).connector().equals(connector)) {
			Unit unit = this.units.get(this.next++);
			if (unit.isTask()) {
				this.counts[unit.state().ordinal()]++;
			}
		}
		header(UnitStateCollector.CONNECTOR_TASKS, UnitStateCollector.CONNECTOR_TASKS_HELP);
		byte[] name = escaped(connector);
		for (State state : this.taskStates) {
			write(CONNECTOR_TASKS);
			write(CONNECTOR_LABEL);
			write(name);
			write(STATE_LABEL);
			write(LABELS[state.ordinal()]);
			write(CLOSE);
			writeNumber(this.counts[state.ordinal()]);
			write(POINT_ZERO);
		}
	}

	private void taskState(Unit unit) {
		if (!this.taskSeries || !unit.isTask()) {
			return;
		}
		header(UnitStateCollector.TASK_STATE, UnitStateCollector.TASK_STATE_HELP);
		byte[] connector = escaped(unit.connector());
		byte[] worker = escaped(worker(unit.workerId()));
		int task = unit.taskId();
		for (State state : this.taskStates) {
			write(TASK_STATE);
			write(CONNECTOR_LABEL);
			write(connector);
			write(STATE_LABEL);
			write(LABELS[state.ordinal()]);
			write(TASK_LABEL);
			writeNumber(task);
			write(WORKER_LABEL);
			write(worker);
			write((state == unit.state()) ? ONE : ZERO);
		}
	}

	/** A family's metadata, before its first line: written only if it has lines. */
	private void header(String name, String help) {
		if (this.headerWritten) {
			return;
		}
		this.headerWritten = true;
		if (this.openMetrics) {
			write(ascii("# TYPE " + name + " gauge\n# HELP " + name + " " + help + "\n"));
		}
		else {
			write(ascii("# HELP " + name + " " + help + "\n# TYPE " + name + " gauge\n"));
		}
	}

	private byte[] escaped(String value) {
		return this.escaped.computeIfAbsent(value, UnitSeriesText::escape);
	}

	/** A label value as the text formats escape it: backslash, quote and line feed. */
	static byte[] escape(String value) {
		StringBuilder text = null;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			String replacement = switch (c) {
				case '\\' -> "\\\\";
				case '"' -> "\\\"";
				case '\n' -> "\\n";
				default -> null;
			};
			if (replacement != null && text == null) {
				text = new StringBuilder(value.length() + 8).append(value, 0, i);
			}
			if (text != null) {
				if (replacement != null) {
					text.append(replacement);
				}
				else {
					text.append(c);
				}
			}
		}
		return ((text != null) ? text.toString() : value).getBytes(StandardCharsets.UTF_8);
	}

	private static String worker(@Nullable String workerId) {
		return (workerId != null) ? workerId : "none";
	}

	/**
	 * A task id or a count, as the text writers write it.
	 */
	private void writeNumber(int number) {
		if (number < 0) {
			// Never from Connect, but written as any number would be.
			write(ascii(Integer.toString(number)));
			return;
		}
		ensure(10);
		int start = this.length;
		do {
			this.buffer[this.length++] = (byte) ('0' + number % 10);
			number /= 10;
		}
		while (number > 0);
		for (int i = start, j = this.length - 1; i < j; i++, j--) {
			byte swap = this.buffer[i];
			this.buffer[i] = this.buffer[j];
			this.buffer[j] = swap;
		}
	}

	private void write(byte[] bytes) {
		ensure(bytes.length);
		System.arraycopy(bytes, 0, this.buffer, this.length, bytes.length);
		this.length += bytes.length;
	}

	private void ensure(int bytes) {
		if (this.length + bytes > this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, this.length + bytes));
		}
	}

	private static byte[][] labels() {
		byte[][] labels = new byte[State.values().length][];
		for (State state : State.values()) {
			labels[state.ordinal()] = ascii(state.label());
		}
		return labels;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
