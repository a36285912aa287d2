package io.connectdoctor.connect;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.JsonToken;
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
	 * Strings past 1 MB are refused: traces are cut while read (TraceCuttingInputStream),
	 * so only a name, a worker id or a type could be that long, and none is legitimately.
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

	record Expanded(Map<String, ConnectorStatus> connectors) implements ConnectorsAnswer {
	}

	record NamesOnly(List<String> names) implements ConnectorsAnswer {
	}

	/**
	 * Read the answer of {@code GET /connectors?expand=status} with a streaming parser:
	 * only the status of each connector is kept (anything else, such as an {@code info} a
	 * proxy adds, is skipped), no tree of the whole answer is built, and the few distinct
	 * worker ids and types are shared rather than copied 40,000 times. The body is read
	 * as a stream, so the answer is never copied whole.
	 */
	static ConnectorsAnswer parseConnectors(String request, InputStream body) {
		try (JsonParser parser = MAPPER.createParser(body)) {
			JsonToken token = parser.nextToken();
			if (token == null) {
				throw ConnectCallException.malformed(request, "empty body", null);
			}
			if (token == JsonToken.START_ARRAY) {
				List<String> names = new ArrayList<>();
				while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
					if (token != JsonToken.VALUE_STRING) {
						throw ConnectCallException.malformed(request, "connector list holds a non-string", null);
					}
					names.add(parser.getString());
				}
				return new NamesOnly(names);
			}
			if (token != JsonToken.START_OBJECT) {
				throw ConnectCallException.malformed(request, "expected a JSON object or array", null);
			}
			Map<String, String> shared = new HashMap<>();
			Map<String, ConnectorStatus> connectors = new LinkedHashMap<>();
			while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				if (parser.nextToken() != JsonToken.START_OBJECT) {
					throw ConnectCallException.malformed(request, "connector '" + name + "' is not an object", null);
				}
				ConnectorStatus status = null;
				while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
					String field = parser.currentName();
					if (parser.nextToken() == JsonToken.START_OBJECT && field.equals("status")) {
						status = readStatus(parser, request, name, shared);
					}
					else {
						parser.skipChildren();
					}
				}
				if (status == null) {
					throw ConnectCallException.malformed(request, "connector '" + name + "' has no status", null);
				}
				connectors.put(name, status);
			}
			if (token != JsonToken.END_OBJECT) {
				throw ConnectCallException.malformed(request, "unexpected " + token, null);
			}
			return new Expanded(connectors);
		}
		catch (JacksonException ex) {
			throw ConnectCallException.malformed(request, ex.getOriginalMessage(), ex);
		}
	}

	static ConnectorStatus parseStatus(String request, String name, InputStream body) {
		try (JsonParser parser = MAPPER.createParser(body)) {
			JsonToken first = parser.nextToken();
			if (first == null) {
				throw ConnectCallException.malformed(request, "empty body", null);
			}
			if (first != JsonToken.START_OBJECT) {
				throw ConnectCallException.malformed(request, "expected a JSON object", null);
			}
			return readStatus(parser, request, name, new HashMap<>());
		}
		catch (JacksonException ex) {
			throw ConnectCallException.malformed(request, ex.getOriginalMessage(), ex);
		}
	}

	/** Reads a {@code ConnectorStateInfo} object; the parser is on its START_OBJECT. */
	private static ConnectorStatus readStatus(JsonParser parser, String request, String fallbackName,
			Map<String, String> shared) {
		String name = null;
		String type = null;
		String[] connector = new String[3];
		List<TaskStatus> tasks = new ArrayList<>();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String field = parser.currentName();
			JsonToken value = parser.nextToken();
			switch (field) {
				case "name" -> name = text(parser, value, null);
				case "type" -> type = text(parser, value, shared);
				case "connector" -> {
					if (value == JsonToken.START_OBJECT) {
						readUnit(parser, connector, shared);
					}
					else {
						parser.skipChildren();
					}
				}
				case "tasks" -> {
					if (value == JsonToken.START_ARRAY) {
						while (parser.nextToken() == JsonToken.START_OBJECT) {
							tasks.add(readTask(parser, request, fallbackName, shared));
						}
					}
					else {
						parser.skipChildren();
					}
				}
				default -> parser.skipChildren();
			}
		}
		String connectorName = (name != null) ? name : fallbackName;
		if (!connectorName.equals(fallbackName)) {
			tasks.replaceAll(
					(task) -> new TaskStatus(connectorName, task.id(), task.state(), task.workerId(), task.trace()));
		}
		return new ConnectorStatus(connectorName, type, State.of(connector[0]), connector[1], connector[2], tasks);
	}

	private static TaskStatus readTask(JsonParser parser, String request, String connector,
			Map<String, String> shared) {
		Integer id = null;
		String[] unit = new String[3];
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String field = parser.currentName();
			JsonToken value = parser.nextToken();
			if (field.equals("id") && value == JsonToken.VALUE_NUMBER_INT) {
				id = parser.getIntValue();
			}
			else {
				readUnitField(parser, field, value, unit, shared);
			}
		}
		if (id == null) {
			throw ConnectCallException.malformed(request, "a task of '" + connector + "' has no id", null);
		}
		return new TaskStatus(connector, id, State.of(unit[0]), unit[1], unit[2]);
	}

	/**
	 * Reads state, worker_id and trace of a unit object; the parser is on its
	 * START_OBJECT.
	 */
	private static void readUnit(JsonParser parser, String[] unit, Map<String, String> shared) {
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String field = parser.currentName();
			readUnitField(parser, field, parser.nextToken(), unit, shared);
		}
	}

	private static void readUnitField(JsonParser parser, String field, JsonToken value, String[] unit,
			Map<String, String> shared) {
		switch (field) {
			case "state" -> unit[0] = text(parser, value, shared);
			case "worker_id" -> unit[1] = text(parser, value, shared);
			case "trace" -> unit[2] = text(parser, value, null);
			default -> parser.skipChildren();
		}
	}

	/**
	 * Returns a string value (shared when a pool is given), or null for anything else.
	 */
	private static @Nullable String text(JsonParser parser, JsonToken value, @Nullable Map<String, String> shared) {
		if (value != JsonToken.VALUE_STRING) {
			parser.skipChildren();
			return null;
		}
		String text = parser.getString();
		return (shared != null) ? shared.computeIfAbsent(text, (t) -> t) : text;
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
