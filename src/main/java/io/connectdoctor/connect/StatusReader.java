package io.connectdoctor.connect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reads Connect's status answers ({@code GET /connectors?expand=status} and {@code GET
 * /connectors/{c}/status}), read every poll, straight from their bytes.
 * <p>
 * A general JSON parser makes a string of every property name and value and, for the
 * expanded answer whose keys are connector names, fills a symbol table with 10,000 of
 * them on every poll only to throw it away: at N = 10,000 that was two thirds of a poll's
 * 25 MB of garbage. Here a property name or a state is compared as bytes, a worker id or
 * type is looked up by its bytes ({@link SharedStrings}), and the only strings made are
 * connector names and traces.
 * <p>
 * The JSON grammar is checked in full (anything else is a malformed answer, with the byte
 * it failed at); what is kept is lenient as {@link ConnectJson} describes: unknown fields
 * and states, a missing {@code trace} or {@code tasks}. Nesting is limited to
 * {@value #MAX_DEPTH} levels and strings to {@link ConnectJson#MAX_STRING_LENGTH} bytes.
 * Anything after the answer's one value is ignored, as Jackson does.
 * <p>
 * Every {@code trace} value is cut while it is read to a number of characters, and ends
 * with {@code ...} when cut: 1,000 failed tasks with 50 KB traces, or one task with a 30
 * MB trace, then cost no more memory than the kept characters. A character is a UTF-8
 * sequence or an escape, never split. No answer is read past
 * {@code connect-doctor.connect.max-response-size}.
 * <p>
 * Poll after poll most connectors' statuses are the same bytes. Each connector's value in
 * the expanded answer is first scanned to its end and hashed (64-bit FNV-1a, a few
 * operations a byte); when the hash is the one its bytes had at the last reading, that
 * reading is the connector's and the value is not read again. Otherwise the reader goes
 * back to the value's start (the scanned bytes are kept, up to {@value #MAX_VALUE_KEPT}
 * bytes) and reads it in full. At N = 10,000 a scan costs a third of a reading. A value
 * longer than that is always read in full. A changed status hashing to the same 64 bits
 * as before would be taken as unchanged until it changes again; with a hash of 64 bits
 * that is a chance of about 1 in 10^19 per change.
 *
 * @author connect-doctor
 */
final class StatusReader {

	static final int MAX_DEPTH = 500;

	private static final byte[] NAME = ascii("name");

	private static final byte[] TYPE = ascii("type");

	private static final byte[] CONNECTOR = ascii("connector");

	private static final byte[] TASKS = ascii("tasks");

	private static final byte[] STATUS = ascii("status");

	private static final byte[] STATE = ascii("state");

	private static final byte[] WORKER_ID = ascii("worker_id");

	private static final byte[] TRACE = ascii("trace");

	private static final byte[] ID = ascii("id");

	private static final byte[] ELLIPSIS = ascii("...");

	private static final int UNLIMITED = Integer.MAX_VALUE;

	/** The most bytes of a connector's value kept to read it again after its scan. */
	static final int MAX_VALUE_KEPT = 256 * 1024;

	/** A hash no value has: the value was too long to keep, or is not known. */
	static final long NO_HASH = 0;

	private static final long FNV_OFFSET = 0xcbf29ce484222325L;

	private static final long FNV_PRIME = 0x100000001b3L;

	private final String request;

	private final InputStream in;

	private final int traceMaxLength;

	private final long maxBytes;

	private final byte[] streamBuffer = new byte[8192];

	/**
	 * The bytes read from: {@link #streamBuffer}, or {@link #replay} while a scanned
	 * value is read again.
	 */
	private byte[] buffer = this.streamBuffer;

	/** A scanned value's bytes that were in buffers refilled since. */
	private byte[] kept = new byte[0];

	/** A scanned value's bytes, then what followed them in the buffer, to read again. */
	private byte[] replay = new byte[0];

	/**
	 * The hash of the last value scanned, {@link #NO_HASH} if it was too long to keep.
	 */
	private long valueHash;

	private int position;

	private int limit;

	/** Bytes read before {@link #buffer}'s first, for messages. */
	private long consumed;

	private final SharedStrings shared = new SharedStrings();

	/** The tasks of the connector being read, gathered before they are copied once. */
	private final List<TaskStatus> tasks = new ArrayList<>();

	/**
	 * The UTF-8 bytes of the string read last; once it held an escape, its bytes since
	 * the last escape.
	 */
	private byte[] text = new byte[256];

	private int textLength;

	/**
	 * The string read last, when it held escapes: its characters up to the last escape,
	 * resolved. Bytes are decoded only up to an escape or the closing quote, where a
	 * character never stops half-way.
	 */
	private @Nullable StringBuilder escaped;

	private int depth;

	private StatusReader(String request, InputStream in, Limits limits) {
		this.request = request;
		this.in = in;
		this.traceMaxLength = limits.traceMaxLength();
		this.maxBytes = limits.maxBytes();
	}

	/**
	 * What is read of an answer.
	 *
	 * @param traceMaxLength characters of each trace kept
	 * @param maxBytes the most bytes read
	 */
	record Limits(int traceMaxLength, long maxBytes) {
	}

	/**
	 * Read the answer of {@code GET /connectors?expand=status}.
	 * @param request the request, for messages
	 * @param body the answer's body
	 * @param limits how much of it is read
	 * @param previous the answer read before, or {@code null}: a connector equal to its
	 * reading there is that reading, so what did not change is not kept twice
	 * @return the connectors in Connect's order, or the bare names of a pre-2.3 worker
	 */
	static ConnectJson.ConnectorsAnswer readConnectors(String request, InputStream body, Limits limits,
			ConnectJson.@Nullable Expanded previous) {
		return new StatusReader(request, body, limits).connectors(previous);
	}

	/**
	 * Read the answer of {@code GET /connectors/{c}/status}.
	 * @param request the request, for messages
	 * @param name the connector asked for: its name unless the answer says otherwise
	 * @param body the answer's body
	 * @param limits how much of it is read
	 * @return the connector's status
	 */
	static ConnectorStatus readStatus(String request, String name, InputStream body, Limits limits) {
		StatusReader reader = new StatusReader(request, body, limits);
		reader.first('{', "expected a JSON object");
		return reader.status(name);
	}

	private ConnectJson.ConnectorsAnswer connectors(ConnectJson.@Nullable Expanded previous) {
		int first = nextSignificant();
		if (first == -1) {
			throw malformed("empty body");
		}
		if (first == '[') {
			this.position++;
			List<String> names = new ArrayList<>();
			enter();
			if (!closes(']')) {
				do {
					if (nextSignificant() != '"') {
						throw malformed("connector list holds a non-string");
					}
					this.position++;
					names.add(string());
				}
				while (more(']'));
			}
			return new ConnectJson.NamesOnly(names);
		}
		if (first != '{') {
			throw malformed("expected a JSON object or array");
		}
		this.position++;
		enter();
		List<ConnectorStatus> before = (previous != null) ? previous.connectors() : List.of();
		long[] beforeHashes = (previous != null) ? previous.hashes() : new long[0];
		Map<String, Integer> beforeByName = null;
		List<ConnectorStatus> connectors = new ArrayList<>(before.size());
		long[] hashes = new long[Math.max(before.size(), 16)];
		if (!closes('}')) {
			do {
				// Connect lists connectors in the same order poll after poll: the
				// one read at this place before is tried first, by its bytes.
				key();
				int index = connectors.size();
				int earlier = (index < before.size()) ? index : -1;
				String name;
				if (earlier >= 0 && textIs(before.get(earlier).name())) {
					name = before.get(earlier).name();
				}
				else {
					name = textString();
					if (beforeByName == null && !before.isEmpty()) {
						beforeByName = new HashMap<>();
						for (int i = 0; i < before.size(); i++) {
							beforeByName.put(before.get(i).name(), i);
						}
					}
					Integer found = (beforeByName != null) ? beforeByName.get(name) : null;
					earlier = (found != null) ? found : -1;
				}
				if (nextSignificant() != '{') {
					throw malformed("connector '" + name + "' is not an object");
				}
				if (index == hashes.length) {
					hashes = Arrays.copyOf(hashes, index * 2);
				}
				if (scanUnchanged((earlier >= 0) ? beforeHashes[earlier] : NO_HASH)) {
					hashes[index] = this.valueHash;
					connectors.add(before.get(earlier));
					continue;
				}
				hashes[index] = this.valueHash;
				this.position++;
				enter();
				ConnectorStatus status = null;
				if (!closes('}')) {
					do {
						key();
						if (textIs(STATUS) && nextSignificant() == '{') {
							this.position++;
							status = status(name);
						}
						else {
							skipValue();
						}
					}
					while (more('}'));
				}
				if (status == null) {
					throw malformed("connector '" + name + "' has no status");
				}
				ConnectorStatus last = (earlier >= 0) ? before.get(earlier) : null;
				connectors.add(status.equals(last) ? last : status);
			}
			while (more('}'));
		}
		return new ConnectJson.Expanded(connectors, Arrays.copyOf(hashes, connectors.size()));
	}

	/** Reads a {@code ConnectorStateInfo} object whose opening brace was read. */
	private ConnectorStatus status(String listedName) {
		enter();
		String name = listedName;
		String type = null;
		Unit connector = new Unit();
		List<TaskStatus> tasks = this.tasks;
		tasks.clear();
		if (!closes('}')) {
			do {
				key();
				if (textIs(NAME)) {
					if (nextSignificant() == '"') {
						this.position++;
						readString();
						if (!textIs(listedName)) {
							name = textString();
						}
					}
					else {
						skipValue();
					}
				}
				else if (textIs(TYPE)) {
					type = sharedValue();
				}
				else if (textIs(CONNECTOR) && nextSignificant() == '{') {
					this.position++;
					unit(connector);
				}
				else if (textIs(TASKS) && nextSignificant() == '[') {
					this.position++;
					enter();
					if (!closes(']')) {
						do {
							if (nextSignificant() != '{') {
								skipValue();
								continue;
							}
							this.position++;
							Unit task = new Unit();
							unit(task);
							if (task.id == null) {
								throw malformed("a task of '" + listedName + "' has no id");
							}
							tasks.add(new TaskStatus(listedName, task.id, task.state, task.workerId, task.trace));
						}
						while (more(']'));
					}
				}
				else {
					skipValue();
				}
			}
			while (more('}'));
		}
		if (!name.equals(listedName)) {
			String connectorName = name;
			tasks.replaceAll(
					(task) -> new TaskStatus(connectorName, task.id(), task.state(), task.workerId(), task.trace()));
		}
		return new ConnectorStatus(name, type, connector.state, connector.workerId, connector.trace, tasks);
	}

	/** What a connector instance's or a task's object says. */
	private static final class Unit {

		State state = State.UNKNOWN;

		@Nullable String workerId;

		@Nullable String trace;

		@Nullable Integer id;

	}

	/** Reads a unit object whose opening brace was read. */
	private void unit(Unit unit) {
		enter();
		if (closes('}')) {
			return;
		}
		do {
			key();
			if (textIs(STATE)) {
				if (nextSignificant() == '"') {
					this.position++;
					readString();
					unit.state = state();
				}
				else {
					skipValue();
				}
			}
			else if (textIs(WORKER_ID)) {
				unit.workerId = sharedValue();
			}
			else if (textIs(TRACE)) {
				if (nextSignificant() == '"') {
					this.position++;
					readString(this.traceMaxLength);
					unit.trace = textString();
				}
				else {
					skipValue();
				}
			}
			else if (textIs(ID)) {
				unit.id = integer();
			}
			else {
				skipValue();
			}
		}
		while (more('}'));
	}

	/** The state named by the string read last, as {@link State#of(String)} reads it. */
	private State state() {
		if (this.escaped != null) {
			return State.of(this.escaped.toString());
		}
		byte[] text = this.text;
		int length = this.textLength;
		if (!isAscii(text, length)) {
			// Some non-ASCII letters have an ASCII upper case ('ı' is 'I').
			return State.of(textString());
		}
		for (State state : State.CONNECT_STATES) {
			String name = state.name();
			if (name.length() == length) {
				int i = 0;
				while (i < length && upperAscii(text[i]) == name.charAt(i)) {
					i++;
				}
				if (i == length) {
					return state;
				}
			}
		}
		return State.UNKNOWN;
	}

	/**
	 * A string value shared with its equals in this answer, or null for any other value.
	 */
	private @Nullable String sharedValue() {
		if (nextSignificant() != '"') {
			skipValue();
			return null;
		}
		this.position++;
		readString();
		return (this.escaped != null) ? this.escaped.toString() : this.shared.of(this.text, this.textLength);
	}

	/**
	 * An integer value, or null for any other value (a fraction, a string): a task
	 * without an integer id is malformed.
	 */
	private @Nullable Integer integer() {
		int c = nextSignificant();
		if (c != '-' && (c < '0' || c > '9')) {
			skipValue();
			return null;
		}
		boolean negative = (c == '-');
		if (negative) {
			this.position++;
		}
		long value = 0;
		int digits = 0;
		while ((c = peek()) >= '0' && c <= '9') {
			this.position++;
			value = value * 10 + (c - '0');
			if (++digits > 10) {
				throw malformed("a task id out of range");
			}
		}
		if (digits == 0) {
			throw malformed("a number without digits");
		}
		value = negative ? -value : value;
		if (c == '.' || c == 'e' || c == 'E') {
			skipNumberRest();
			return null;
		}
		if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
			throw malformed("a task id out of range");
		}
		return (int) value;
	}

	// --- scanning a value, to skip it when its bytes are the same as before

	/**
	 * Scans the value that starts here, an object or array, to its end, hashing its bytes
	 * into {@link #valueHash}.
	 * @param before the hash of this connector's value at the last reading, or
	 * {@link #NO_HASH}
	 * @return {@code true} if the hash is {@code before}: the reader is then past the
	 * value. Otherwise it is back at the value's start, to read it
	 */
	private boolean scanUnchanged(long before) {
		long start = this.consumed + this.position;
		int from = this.position;
		int keptLength = 0;
		long hash = FNV_OFFSET;
		int depth = 0;
		boolean inString = false;
		boolean escaping = false;
		while (true) {
			byte[] buffer = this.buffer;
			int end = this.limit;
			int i = this.position;
			while (i < end) {
				byte b = buffer[i++];
				hash = (hash ^ b) * FNV_PRIME;
				if (inString) {
					if (escaping) {
						escaping = false;
					}
					else if (b == '\\') {
						escaping = true;
					}
					else if (b == '"') {
						inString = false;
					}
				}
				else if (b == '"') {
					inString = true;
				}
				else if (b == '{' || b == '[') {
					depth++;
				}
				else if ((b == '}' || b == ']') && --depth == 0) {
					this.position = i;
					this.valueHash = (hash != NO_HASH) ? hash : 1;
					if (this.valueHash == before) {
						return true;
					}
					goBack(start, from, keptLength);
					return false;
				}
			}
			this.position = i;
			// The buffer is about to be refilled: keep its part of the value.
			int count = end - from;
			if (keptLength + count > MAX_VALUE_KEPT) {
				this.valueHash = NO_HASH;
				goBack(start, from, keptLength);
				return false;
			}
			keptLength = keep(keptLength, buffer, from, count);
			from = 0;
			if (!fill()) {
				// The answer ends inside the value: reading it again says where.
				this.valueHash = NO_HASH;
				goBack(start, 0, keptLength);
				return false;
			}
		}
	}

	private int keep(int keptLength, byte[] bytes, int offset, int count) {
		if (keptLength + count > this.kept.length) {
			this.kept = Arrays.copyOf(this.kept,
					Math.max(keptLength + count, Math.min(this.kept.length * 2, MAX_VALUE_KEPT)));
		}
		System.arraycopy(bytes, offset, this.kept, keptLength, count);
		return keptLength + count;
	}

	/**
	 * Sets the reader back to a scanned value's start, at byte {@code start} of the
	 * answer: in the buffer at {@code from} if none was refilled since, else at the bytes
	 * kept, followed by the rest of the buffer.
	 */
	private void goBack(long start, int from, int keptLength) {
		if (keptLength == 0) {
			this.position = from;
			return;
		}
		int rest = this.limit - from;
		if (keptLength + rest > this.replay.length) {
			this.replay = new byte[Math.max(keptLength + rest, this.replay.length * 2)];
		}
		System.arraycopy(this.kept, 0, this.replay, 0, keptLength);
		System.arraycopy(this.buffer, from, this.replay, keptLength, rest);
		this.buffer = this.replay;
		this.consumed = start;
		this.position = 0;
		this.limit = keptLength + rest;
	}

	// --- the JSON grammar

	private void first(char expected, String message) {
		int c = nextSignificant();
		if (c == -1) {
			throw malformed("empty body");
		}
		if (c != expected) {
			throw malformed(message);
		}
		this.position++;
	}

	private void enter() {
		if (++this.depth > MAX_DEPTH) {
			throw malformed("nesting deeper than " + MAX_DEPTH);
		}
	}

	/**
	 * Whether the object or array just opened is empty: consumes its closing bracket if
	 * so.
	 */
	private boolean closes(char close) {
		if (nextSignificant() == close) {
			this.position++;
			this.depth--;
			return true;
		}
		return false;
	}

	/**
	 * After a member or element: {@code true} on a comma, {@code false} on the closing
	 * bracket (consumed), malformed on anything else.
	 */
	private boolean more(char close) {
		int c = nextSignificant();
		this.position++;
		if (c == ',') {
			return true;
		}
		if (c == close) {
			this.depth--;
			return false;
		}
		throw unexpected(c, "',' or '" + close + "'");
	}

	/** Reads a property name and its colon; the name is the text read last. */
	private void key() {
		int c = nextSignificant();
		if (c != '"') {
			throw unexpected(c, "a property name");
		}
		this.position++;
		readString();
		c = nextSignificant();
		if (c != ':') {
			throw unexpected(c, "':'");
		}
		this.position++;
	}

	private void skipValue() {
		int c = nextSignificant();
		switch (c) {
			case '{' -> {
				this.position++;
				enter();
				if (!closes('}')) {
					do {
						key();
						skipValue();
					}
					while (more('}'));
				}
			}
			case '[' -> {
				this.position++;
				enter();
				if (!closes(']')) {
					do {
						skipValue();
					}
					while (more(']'));
				}
			}
			case '"' -> {
				this.position++;
				readString();
			}
			case 't' -> literal("true");
			case 'f' -> literal("false");
			case 'n' -> literal("null");
			default -> {
				if (c == '-' || (c >= '0' && c <= '9')) {
					if (c == '-') {
						this.position++;
					}
					if (!isDigit(peek())) {
						throw malformed("a number without digits");
					}
					skipNumberRest();
				}
				else {
					throw unexpected(c, "a value");
				}
			}
		}
	}

	private void skipNumberRest() {
		int c;
		while (isDigit(c = peek()) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
			this.position++;
		}
	}

	private static boolean isDigit(int c) {
		return c >= '0' && c <= '9';
	}

	private void literal(String word) {
		for (int i = 0; i < word.length(); i++) {
			int c = peek();
			if (c != word.charAt(i)) {
				throw unexpected(c, "'" + word + "'");
			}
			this.position++;
		}
	}

	// --- strings

	private String string() {
		readString();
		return textString();
	}

	private void readString() {
		readString(UNLIMITED);
	}

	private String textString() {
		return (this.escaped != null) ? this.escaped.toString()
				: new String(this.text, 0, this.textLength, StandardCharsets.UTF_8);
	}

	/** Moves the bytes gathered so far into {@link #escaped}, decoded. */
	private StringBuilder flushEscaped() {
		StringBuilder escaped = this.escaped;
		if (escaped == null) {
			escaped = new StringBuilder(this.textLength + 16);
			this.escaped = escaped;
		}
		escaped.append(new String(this.text, 0, this.textLength, StandardCharsets.UTF_8));
		this.textLength = 0;
		return escaped;
	}

	private boolean textIs(byte[] ascii) {
		if (this.escaped != null) {
			return this.escaped.toString().equals(new String(ascii, StandardCharsets.US_ASCII));
		}
		if (this.textLength != ascii.length) {
			return false;
		}
		for (int i = 0; i < ascii.length; i++) {
			if (this.text[i] != ascii[i]) {
				return false;
			}
		}
		return true;
	}

	private boolean textIs(String value) {
		if (this.escaped != null) {
			return this.escaped.toString().equals(value);
		}
		if (this.textLength != value.length()) {
			// UTF-8 has at least one byte for each UTF-16 character: more bytes than
			// characters can be equal only beyond ASCII, and only then is a string made.
			return this.textLength > value.length() && !isAscii(this.text, this.textLength)
					&& textString().equals(value);
		}
		for (int i = 0; i < this.textLength; i++) {
			byte b = this.text[i];
			if (b < 0 || b != value.charAt(i)) {
				return b < 0 && textString().equals(value);
			}
		}
		return true;
	}

	/**
	 * Reads a string whose opening quote was read, to its closing quote: into
	 * {@link #text} as UTF-8 bytes, or, once an escape appears, into {@link #escaped}.
	 * Past {@code maxChars} characters the rest is skipped and {@code ...} ends it.
	 */
	private void readString(int maxChars) {
		this.textLength = 0;
		this.escaped = null;
		long length = 0;
		int chars = 0;
		while (true) {
			if (this.position >= this.limit && !fill()) {
				throw malformed("the answer ends inside a string");
			}
			byte[] buffer = this.buffer;
			int start = this.position;
			int end = this.limit;
			int i = start;
			byte b = 0;
			boolean full = false;
			if (maxChars == UNLIMITED) {
				while (i < end && (b = buffer[i]) != '"' && b != '\\' && (b & 0xE0) != 0) {
					i++;
				}
			}
			else {
				while (i < end && (b = buffer[i]) != '"' && b != '\\' && (b & 0xE0) != 0) {
					// A byte that starts a character: not a UTF-8 continuation byte.
					if ((b & 0xC0) != 0x80) {
						if (chars == maxChars) {
							full = true;
							break;
						}
						chars++;
					}
					i++;
				}
			}
			length += i - start;
			if (length > ConnectJson.MAX_STRING_LENGTH) {
				throw malformed("a string longer than " + ConnectJson.MAX_STRING_LENGTH + " bytes");
			}
			append(buffer, start, i - start);
			this.position = i;
			if (full) {
				skipRest(false);
				return;
			}
			if (i == end) {
				continue;
			}
			this.position++;
			if (b == '"') {
				if (this.escaped != null) {
					flushEscaped();
				}
				return;
			}
			if (b != '\\') {
				throw malformed("an unescaped control character in a string");
			}
			if (chars == maxChars) {
				skipRest(true);
				return;
			}
			chars++;
			escape();
			length++;
		}
	}

	/**
	 * Skips the rest of a string being cut, to its closing quote, and ends what was kept
	 * with an ellipsis.
	 * @param escaping whether the byte before was an escape's backslash
	 */
	private void skipRest(boolean escaping) {
		boolean escape = escaping;
		while (true) {
			if (this.position >= this.limit && !fill()) {
				throw malformed("the answer ends inside a string");
			}
			byte[] buffer = this.buffer;
			int end = this.limit;
			int i = this.position;
			while (i < end) {
				byte b = buffer[i++];
				if (escape) {
					escape = false;
				}
				else if (b == '\\') {
					escape = true;
				}
				else if (b == '"') {
					this.position = i;
					if (this.escaped != null) {
						flushEscaped().append("...");
					}
					else {
						append(ELLIPSIS, 0, ELLIPSIS.length);
					}
					return;
				}
			}
			this.position = i;
		}
	}

	private void append(byte[] bytes, int offset, int count) {
		if (count == 0) {
			return;
		}
		if (this.textLength + count > this.text.length) {
			byte[] bigger = new byte[Math.max(this.text.length * 2, this.textLength + count)];
			System.arraycopy(this.text, 0, bigger, 0, this.textLength);
			this.text = bigger;
		}
		System.arraycopy(bytes, offset, this.text, this.textLength, count);
		this.textLength += count;
	}

	/** Resolves an escape whose backslash was read. */
	private void escape() {
		StringBuilder escaped = flushEscaped();
		int c = read();
		switch (c) {
			case '"', '\\', '/' -> escaped.append((char) c);
			case 'b' -> escaped.append('\b');
			case 'f' -> escaped.append('\f');
			case 'n' -> escaped.append('\n');
			case 'r' -> escaped.append('\r');
			case 't' -> escaped.append('\t');
			case 'u' -> {
				int value = 0;
				for (int i = 0; i < 4; i++) {
					int digit = Character.digit(read(), 16);
					if (digit < 0) {
						throw malformed("a \\u escape without four hex digits");
					}
					value = value * 16 + digit;
				}
				escaped.append((char) value);
			}
			default -> throw unexpected(c, "an escape");
		}
	}

	// --- bytes

	private int read() {
		int c = peek();
		if (c == -1) {
			throw malformed("the answer ends inside a string");
		}
		this.position++;
		return c;
	}

	private int peek() {
		if (this.position >= this.limit && !fill()) {
			return -1;
		}
		return this.buffer[this.position] & 0xFF;
	}

	/** The next byte that is not whitespace, not consumed; -1 at the end. */
	private int nextSignificant() {
		while (true) {
			if (this.position >= this.limit && !fill()) {
				return -1;
			}
			int c = this.buffer[this.position] & 0xFF;
			if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
				return c;
			}
			this.position++;
		}
	}

	private boolean fill() {
		try {
			this.consumed += this.limit;
			this.position = 0;
			this.limit = 0;
			this.buffer = this.streamBuffer;
			int n;
			do {
				n = this.in.read(this.buffer, 0, this.buffer.length);
			}
			while (n == 0);
			if (n < 0) {
				return false;
			}
			if (this.consumed + n > this.maxBytes) {
				throw ConnectCallException.malformed(this.request,
						"answer larger than connect-doctor.connect.max-response-size (" + this.maxBytes + " bytes)",
						null);
			}
			this.limit = n;
			return true;
		}
		catch (IOException ex) {
			throw ConnectCallException.malformed(this.request, "answer could not be read: " + ex.getMessage(), ex);
		}
	}

	private ConnectCallException unexpected(int c, String expected) {
		return malformed(((c == -1) ? "the answer ends" : "unexpected character " + describe(c)) + " where " + expected
				+ " belongs");
	}

	private static String describe(int c) {
		return (c >= 0x20 && c < 0x7F) ? "'" + (char) c + "'" : String.format("0x%02X", c);
	}

	private ConnectCallException malformed(String reason) {
		return ConnectCallException.malformed(this.request, reason + " (byte " + (this.consumed + this.position) + ")",
				null);
	}

	private static boolean isAscii(byte[] bytes, int length) {
		for (int i = 0; i < length; i++) {
			if (bytes[i] < 0) {
				return false;
			}
		}
		return true;
	}

	private static int upperAscii(byte b) {
		return (b >= 'a' && b <= 'z') ? b - ('a' - 'A') : b;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
