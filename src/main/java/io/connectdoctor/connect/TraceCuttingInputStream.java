package io.connectdoctor.connect;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Cuts every {@code "trace"} string of a JSON answer to a number of characters while the
 * answer is read, before a parser sees it: 1,000 failed tasks with 50 KB traces, or one
 * task with a 30 MB trace, then cost no more memory than the kept characters. The cut
 * string ends with {@code ...}, as a trace cut for an answer does. Also counts the bytes
 * read and fails past a limit, so no answer is read beyond
 * {@code connect-doctor.connect.max-response-size}.
 * <p>
 * Works on the raw bytes with a small state machine: it knows whether it is inside a
 * string, after a backslash or inside a {@code \\uXXXX} escape, and whether the string is
 * the value of a {@code "trace"} key; it never cuts inside an escape or a multi-byte
 * UTF-8 character, so the JSON stays valid.
 *
 * @author connect-doctor
 */
final class TraceCuttingInputStream extends FilterInputStream {

	private static final byte[] TRACE = "trace".getBytes(StandardCharsets.US_ASCII);

	private final int maxChars;

	private final long maxBytes;

	private long read;

	private boolean inString;

	private boolean escape;

	private int hexLeft;

	/** Whether the current string is a trace value, which is cut. */
	private boolean cutting;

	/** Characters of the current trace value kept so far. */
	private int chars;

	/** Whether the rest of the current trace value is being dropped. */
	private boolean dropping;

	/** The first bytes of the current string, to tell a {@code "trace"} key. */
	private final byte[] head = new byte[TRACE.length + 1];

	private int headLength;

	/** Whether the last string ended was {@code "trace"} (a key, if a colon follows). */
	private boolean lastStringWasTrace;

	/** Whether the next string is the value of a {@code "trace"} key. */
	private boolean traceValueNext;

	private final byte[] raw = new byte[8192];

	/** Filtered bytes not yet handed out. */
	private byte[] out = new byte[8192 * 2];

	private int outLength;

	private int outAt;

	TraceCuttingInputStream(InputStream in, int maxChars, long maxBytes) {
		super(in);
		this.maxChars = maxChars;
		this.maxBytes = maxBytes;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		int n = read(one, 0, 1);
		return (n <= 0) ? -1 : (one[0] & 0xFF);
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		while (this.outAt >= this.outLength) {
			int n = this.in.read(this.raw, 0, this.raw.length);
			if (n < 0) {
				return -1;
			}
			this.read += n;
			if (this.read > this.maxBytes) {
				throw new AnswerTooLargeException(this.maxBytes);
			}
			this.outAt = 0;
			this.outLength = 0;
			filter(n);
		}
		int n = Math.min(length, this.outLength - this.outAt);
		System.arraycopy(this.out, this.outAt, buffer, offset, n);
		this.outAt += n;
		return n;
	}

	@Override
	public long skip(long n) throws IOException {
		byte[] skipped = new byte[(int) Math.min(n, 8192)];
		int read = read(skipped, 0, skipped.length);
		return Math.max(read, 0);
	}

	@Override
	public int available() {
		return this.outLength - this.outAt;
	}

	@Override
	public boolean markSupported() {
		return false;
	}

	private void ensureRoom(int bytes) {
		if (this.outLength + bytes > this.out.length) {
			byte[] bigger = new byte[Math.max(this.out.length * 2, this.outLength + bytes)];
			System.arraycopy(this.out, 0, bigger, 0, this.outLength);
			this.out = bigger;
		}
	}

	/**
	 * Filters {@code n} bytes of {@link #raw} into {@link #out}. The plain stretches of a
	 * string (no quote, no backslash) are found with a tight scan and copied whole, or
	 * skipped whole while a trace is being dropped: most of an answer is such stretches.
	 */
	private void filter(int n) {
		// A cut drops at least one byte and adds three (the ellipsis).
		ensureRoom(3 * n + 3);
		byte[] raw = this.raw;
		byte[] out = this.out;
		int length = this.outLength;
		for (int i = 0; i < n; i++) {
			byte b = raw[i];
			if (!this.inString) {
				structural(b);
				out[length++] = b;
				continue;
			}
			if (this.dropping) {
				if (this.escape) {
					this.escape = false;
					continue;
				}
				int j = i;
				while (j < n && raw[j] != '"' && raw[j] != '\\') {
					j++;
				}
				if (j == n) {
					break;
				}
				i = j;
				if (raw[j] == '\\') {
					this.escape = true;
				}
				else {
					this.dropping = false;
					endString();
					out[length++] = '"';
				}
				continue;
			}
			if (!this.cutting && !this.escape && this.hexLeft == 0) {
				// A plain stretch of a string that is not cut: copy it whole.
				int j = i;
				while (j < n && raw[j] != '"' && raw[j] != '\\') {
					j++;
				}
				if (j > i) {
					int head = Math.min(j - i, this.head.length - this.headLength);
					if (head > 0) {
						System.arraycopy(raw, i, this.head, this.headLength, head);
						this.headLength += head;
					}
					System.arraycopy(raw, i, out, length, j - i);
					length += j - i;
					if (j == n) {
						break;
					}
					i = j;
					b = raw[j];
				}
			}
			if (this.cutting && startsCharacter(b) && b != '"' && this.chars >= this.maxChars) {
				this.dropping = true;
				this.escape = (b == '\\');
				out[length++] = '.';
				out[length++] = '.';
				out[length++] = '.';
				continue;
			}
			if (startsCharacter(b) && b != '"') {
				this.chars++;
			}
			if (this.hexLeft > 0) {
				this.hexLeft--;
			}
			else if (this.escape) {
				this.escape = false;
				if (b == 'u') {
					this.hexLeft = 4;
				}
			}
			else if (b == '\\') {
				this.escape = true;
			}
			else if (b == '"') {
				endString();
				out[length++] = b;
				continue;
			}
			if (this.headLength < this.head.length) {
				this.head[this.headLength++] = b;
			}
			out[length++] = b;
		}
		this.outLength = length;
	}

	/**
	 * Whether a byte starts a character as a probe counts it: not a UTF-8 continuation
	 * byte, not inside an escape. A cut never falls inside a character or an escape.
	 */
	private boolean startsCharacter(byte b) {
		return (b & 0xC0) != 0x80 && !this.escape && this.hexLeft == 0;
	}

	private void structural(byte b) {
		switch (b) {
			case '"' -> {
				this.inString = true;
				this.cutting = this.traceValueNext;
				this.traceValueNext = false;
				this.chars = 0;
				this.headLength = 0;
			}
			case ':' -> {
				this.traceValueNext = this.lastStringWasTrace;
				this.lastStringWasTrace = false;
			}
			case ' ', '\t', '\n', '\r' -> {
			}
			default -> {
				this.traceValueNext = false;
				this.lastStringWasTrace = false;
			}
		}
	}

	private void endString() {
		this.inString = false;
		this.escape = false;
		this.hexLeft = 0;
		this.lastStringWasTrace = !this.cutting && this.headLength == TRACE.length && isTrace();
		this.cutting = false;
	}

	private boolean isTrace() {
		for (int i = 0; i < TRACE.length; i++) {
			if (this.head[i] != TRACE[i]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Connect's answer is larger than {@code connect-doctor.connect.max-response-size}.
	 */
	static final class AnswerTooLargeException extends IOException {

		AnswerTooLargeException(long limit) {
			super("answer larger than connect-doctor.connect.max-response-size (" + limit + " bytes)");
		}

	}

}
