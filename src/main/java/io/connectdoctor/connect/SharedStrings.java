package io.connectdoctor.connect;

import java.nio.charset.StandardCharsets;

/**
 * The strings that repeat throughout one answer of Connect (worker ids, types), each made
 * once: a value is looked up by its UTF-8 bytes, so its 40,000th reading makes no string.
 * A small open-addressing table; it lives for one answer.
 *
 * @author connect-doctor
 */
final class SharedStrings {

	private byte[][] keys = new byte[32][];

	private String[] values = new String[32];

	private int size;

	/**
	 * Return the string of these bytes, made the first time they are seen.
	 * @param bytes UTF-8 bytes, from the first
	 * @param length how many
	 * @return the shared string
	 */
	String of(byte[] bytes, int length) {
		int hash = hash(bytes, length);
		byte[][] keys = this.keys;
		int mask = keys.length - 1;
		int slot = hash & mask;
		for (byte[] key; (key = keys[slot]) != null; slot = (slot + 1) & mask) {
			if (key.length == length && same(key, bytes, length)) {
				return this.values[slot];
			}
		}
		byte[] key = new byte[length];
		System.arraycopy(bytes, 0, key, 0, length);
		String value = new String(key, StandardCharsets.UTF_8);
		keys[slot] = key;
		this.values[slot] = value;
		if (++this.size * 2 > keys.length) {
			grow();
		}
		return value;
	}

	private static int hash(byte[] bytes, int length) {
		int hash = 0;
		for (int i = 0; i < length; i++) {
			hash = 31 * hash + bytes[i];
		}
		return hash ^ (hash >>> 16);
	}

	private static boolean same(byte[] key, byte[] bytes, int length) {
		for (int i = 0; i < length; i++) {
			if (key[i] != bytes[i]) {
				return false;
			}
		}
		return true;
	}

	private void grow() {
		byte[][] keys = new byte[this.keys.length * 2][];
		String[] values = new String[keys.length];
		int mask = keys.length - 1;
		for (int i = 0; i < this.keys.length; i++) {
			byte[] key = this.keys[i];
			if (key != null) {
				int slot = hash(key, key.length) & mask;
				while (keys[slot] != null) {
					slot = (slot + 1) & mask;
				}
				keys[slot] = key;
				values[slot] = this.values[i];
			}
		}
		this.keys = keys;
		this.values = values;
	}

}
