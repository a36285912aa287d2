package io.connectdoctor.connect;

import org.jspecify.annotations.Nullable;

/**
 * Values from outside (connector and worker names, traces, Connect's error bodies) made
 * safe for a text log line: a value can never start a line of its own or pass for
 * something connect-doctor wrote. Line breaks, other control characters and Unicode line
 * separators become escapes ({@code \n}, {@code \u2028}); a backslash is doubled, so an
 * escape in the log always means the character, never the text.
 *
 * @author connect-doctor
 */
public final class LogText {

	private LogText() {
	}

	/**
	 * Return the value as text safe for one log line.
	 * @param value any value; {@code null} is {@code "null"}
	 * @return the escaped text
	 */
	public static String of(@Nullable Object value) {
		String text = String.valueOf(value);
		int i = 0;
		while (i < text.length() && !needsEscape(text.charAt(i))) {
			i++;
		}
		if (i == text.length()) {
			return text;
		}
		StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
		for (; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				case '\t' -> escaped.append("\\t");
				case '\\' -> escaped.append("\\\\");
				default -> {
					if (needsEscape(c)) {
						escaped.append(String.format("\\u%04x", (int) c));
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

	/**
	 * Return every argument made safe, throwables kept as they are (their traces are
	 * connect-doctor's own).
	 * @param arguments log arguments
	 * @return the escaped arguments
	 */
	static Object[] all(Object... arguments) {
		Object[] escaped = new Object[arguments.length];
		for (int i = 0; i < arguments.length; i++) {
			escaped[i] = (arguments[i] instanceof Throwable) ? arguments[i] : of(arguments[i]);
		}
		return escaped;
	}

	private static boolean needsEscape(char c) {
		return c < 0x20 || c == '\\' || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
	}

}
