package io.connectdoctor.connect;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads Kafka Connect's JSON answers. Lenient where Connect varies between versions
 * (unknown fields and states, a missing {@code trace}, a missing {@code tasks}), strict
 * where an answer cannot be understood (not JSON, a task without an id).
 *
 * @author connect-doctor
 */
final class ConnectJson {

	/**
	 * Strings past 1 MB are refused: traces are cut while read (StatusReader), so only a
	 * name, a worker id or a type could be that long, and none is legitimately.
	 */
	static final int MAX_STRING_LENGTH = 1024 * 1024;

	private static final JsonMapper MAPPER = JsonMapper
		.builder(JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_LENGTH).build())
			.build())
		.build();

	private ConnectJson() {
	}

	/**
	 * What {@code GET /connectors?expand=status} answered: a map of statuses (2.3+), or a
	 * bare list of names from an older worker that ignores {@code expand}.
	 */
	sealed interface ConnectorsAnswer permits Expanded, NamesOnly {

	}

	/**
	 * Every connector of an expanded answer, in the order Connect listed them.
	 *
	 * @param connectors the connectors' statuses
	 * @param hashes the hash of each connector's bytes in the answer, by position, for
	 * the next reading to skip the ones that did not change ({@link StatusReader}); an
	 * array, so two answers are compared with {@link #sameAs}, not {@code equals}
	 */
	record Expanded(List<ConnectorStatus> connectors, long[] hashes) implements ConnectorsAnswer {

		/**
		 * Return whether this answer holds the very connectors of another, in its order:
		 * every one reused because nothing changed.
		 * @param other the other answer
		 * @return whether they are the same
		 */
		boolean sameAs(Expanded other) {
			if (this.connectors.size() != other.connectors.size()) {
				return false;
			}
			for (int i = 0; i < this.connectors.size(); i++) {
				if (this.connectors.get(i) != other.connectors.get(i)) {
					return false;
				}
			}
			return true;
		}

	}

	record NamesOnly(List<String> names) implements ConnectorsAnswer {
	}

	/**
	 * Return the {@code message} of Connect's error JSON
	 * ({@code {"error_code":409,"message":"..."}}), or a short excerpt of a body that is
	 * not that JSON (a proxy's HTML page, say).
	 */
	static @Nullable String errorMessage(byte @Nullable [] body) {
		if (body == null || body.length == 0) {
			return null;
		}
		try {
			JsonNode root = MAPPER.readTree(body);
			if (root != null && root.path("message").isString()) {
				return root.path("message").stringValue();
			}
		}
		catch (JacksonException ex) {
			// Not JSON: fall through to an excerpt.
		}
		String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
		return (text.length() > 200) ? text.substring(0, 200) + "..." : text;
	}

	/**
	 * Return one value of a connector's configuration ({@code GET
	 * /connectors/{c}/config}, a flat JSON object of strings). Only that value is kept:
	 * the configuration may hold secrets.
	 */
	static @Nullable String configValue(String request, byte[] body, String key) {
		try {
			JsonNode root = MAPPER.readTree(body);
			if (root == null || !root.isObject()) {
				throw ConnectCallException.malformed(request, "expected a JSON object", null);
			}
			JsonNode value = root.get(key);
			return (value != null && value.isString()) ? value.stringValue() : null;
		}
		catch (JacksonException ex) {
			throw ConnectCallException.malformed(request, ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Return a fingerprint of a source connector's offsets ({@code GET
	 * /connectors/{c}/offsets}, KIP-875: {@code {"offsets":[{"partition":{..},
	 * "offset":{..}}]}}): equal while no offset moves, whatever order Connect lists them
	 * in.
	 */
	static long offsetsFingerprint(String request, byte[] body) {
		try {
			JsonNode root = MAPPER.readTree(body);
			JsonNode offsets = (root != null) ? root.get("offsets") : null;
			if (offsets == null || !offsets.isArray()) {
				throw ConnectCallException.malformed(request, "expected an object with an 'offsets' array", null);
			}
			long fingerprint = offsets.size();
			for (JsonNode entry : offsets) {
				// Order-free: a sum of the entries' deep hashes, each spread over 64
				// bits.
				fingerprint += entry.hashCode() * 0x9E3779B97F4A7C15L;
			}
			return fingerprint;
		}
		catch (JacksonException ex) {
			throw ConnectCallException.malformed(request, ex.getOriginalMessage(), ex);
		}
	}

}
