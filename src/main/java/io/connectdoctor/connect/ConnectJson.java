package io.connectdoctor.connect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
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

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private ConnectJson() {
	}

	/**
	 * What {@code GET /connectors?expand=status&expand=info} answered: a map of statuses
	 * (2.3+), or a bare list of names from an older worker that ignores {@code expand}.
	 */
	sealed interface ConnectorsAnswer permits Expanded, NamesOnly {

	}

	record Expanded(Map<String, ConnectorStatus> connectors) implements ConnectorsAnswer {
	}

	record NamesOnly(List<String> names) implements ConnectorsAnswer {
	}

	static ConnectorsAnswer parseConnectors(String request, byte[] body) {
		JsonNode root = readTree(request, body);
		if (root.isArray()) {
			List<String> names = new ArrayList<>(root.size());
			for (JsonNode name : root) {
				if (!name.isString()) {
					throw ConnectCallException.malformed(request, "connector list holds a non-string", null);
				}
				names.add(name.stringValue());
			}
			return new NamesOnly(names);
		}
		if (!root.isObject()) {
			throw ConnectCallException.malformed(request, "expected a JSON object or array", null);
		}
		Map<String, ConnectorStatus> connectors = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : root.properties()) {
			JsonNode status = entry.getValue().path("status");
			if (!status.isObject()) {
				throw ConnectCallException.malformed(request, "connector '" + entry.getKey() + "' has no status", null);
			}
			connectors.put(entry.getKey(), toConnector(request, entry.getKey(), status));
		}
		return new Expanded(connectors);
	}

	static ConnectorStatus parseStatus(String request, String name, byte[] body) {
		JsonNode root = readTree(request, body);
		if (!root.isObject()) {
			throw ConnectCallException.malformed(request, "expected a JSON object", null);
		}
		return toConnector(request, name, root);
	}

	/**
	 * Return the {@code message} of Connect's error JSON
	 * ({@code {"error_code":409,"message":"..."}}), or a short excerpt of a body that is
	 * not that JSON (a proxy's HTML page, say).
	 */
	static String errorMessage(byte[] body) {
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

	static JsonNode readTree(String request, byte[] body) {
		if (body == null || body.length == 0) {
			throw ConnectCallException.malformed(request, "empty body", null);
		}
		try {
			JsonNode root = MAPPER.readTree(body);
			if (root == null || root.isMissingNode()) {
				throw ConnectCallException.malformed(request, "empty body", null);
			}
			return root;
		}
		catch (JacksonException ex) {
			throw ConnectCallException.malformed(request, ex.getOriginalMessage(), ex);
		}
	}

	private static ConnectorStatus toConnector(String request, String fallbackName, JsonNode status) {
		JsonNode connector = status.path("connector");
		List<TaskStatus> tasks = new ArrayList<>();
		for (JsonNode task : status.path("tasks")) {
			JsonNode id = task.path("id");
			if (!id.canConvertToInt()) {
				throw ConnectCallException.malformed(request, "a task of '" + fallbackName + "' has no id", null);
			}
			tasks.add(new TaskStatus(id.asInt(), State.of(text(task, "state")), text(task, "worker_id"),
					text(task, "trace")));
		}
		String name = text(status, "name");
		return new ConnectorStatus((name != null) ? name : fallbackName, text(status, "type"),
				State.of(text(connector, "state")), text(connector, "worker_id"), text(connector, "trace"), tasks);
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() ? value.stringValue() : null;
	}

}
