package io.connectdoctor.connect;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link StatusReader} against Jackson's reading of the same bytes: generated answers
 * with what Connect and proxies put in them (escapes, multi-byte characters across buffer
 * boundaries, unknown fields of every kind, any order), and every truncation of an
 * answer.
 */
class StatusReaderTests {

	private static final JsonMapper JACKSON = JsonMapper.builder().build();

	private static final String REQUEST = "GET /connectors?expand=status";

	/** No trace cut, no size limit: for the grammar. */
	private static final StatusReader.Limits NO_LIMITS = new StatusReader.Limits(Integer.MAX_VALUE, Long.MAX_VALUE);

	@Test
	void readsWhatJacksonReadsFromGeneratedAnswers() {
		Random random = new Random(42);
		for (int round = 0; round < 300; round++) {
			String json = answer(random, 1 + random.nextInt(12));
			assertThat(read(json)).as(json).isEqualTo(jackson(json));
		}
	}

	@Test
	void readsStringsThatCrossTheBufferWithEscapesAndMultiByteCharacters() {
		String trace = "é".repeat(5000) + "\\n\\tat x\\u00e9\\ud83d\\ude00" + "€".repeat(4000) + "\\\"end";
		String json = "{\"c\":{\"status\":{\"name\":\"c\",\"connector\":{\"state\":\"FAILED\",\"worker_id\":\"w:1\","
				+ "\"trace\":\"" + trace + "\"},\"tasks\":[],\"type\":\"sink\"}}}";
		List<ConnectorStatus> read = read(json);
		assertThat(read).isEqualTo(jackson(json));
		assertThat(read.get(0).trace()).startsWith("éé").contains("\n\tat xé\uD83D\uDE00€").endsWith("€\"end");
	}

	@Test
	void sharesWorkerIdsAndTypes() {
		String json = "{\"a\":{\"status\":{\"name\":\"a\",\"connector\":{\"state\":\"RUNNING\",\"worker_id\":\"w:1\"},"
				+ "\"tasks\":[{\"id\":0,\"state\":\"RUNNING\",\"worker_id\":\"w:1\"}],\"type\":\"sink\"}},"
				+ "\"b\":{\"status\":{\"name\":\"b\",\"connector\":{\"state\":\"RUNNING\",\"worker_id\":\"w:1\"},"
				+ "\"tasks\":[],\"type\":\"sink\"}}}";
		List<ConnectorStatus> read = read(json);
		assertThat(read.get(0).workerId()).isSameAs(read.get(0).tasks().get(0).workerId())
			.isSameAs(read.get(1).workerId());
		assertThat(read.get(0).type()).isSameAs(read.get(1).type());
	}

	@Test
	void everyTruncationIsMalformed() {
		String json = answer(new Random(7), 3);
		for (int length = 0; length < json.length() - 1; length++) {
			String cut = json.substring(0, length);
			assertThatExceptionOfType(ConnectCallException.class).as(cut)
				.isThrownBy(() -> StatusReader.readConnectors(REQUEST, stream(cut), NO_LIMITS, null))
				.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(ConnectCallException.Kind.MALFORMED_RESPONSE));
		}
	}

	@Test
	void whatIsNotJsonIsMalformedWithItsPlace() {
		for (String json : List.of("{\"a\":{\"status\":{\"name\":\"a\",}}}", "{\"a\" {}}", "{\"a\":{\"status\":tru}}",
				"{\"a\":{\"status\":{\"tasks\":[{\"id\":0,\"state\":\"RUNNING\"]}}}", "<html>", "{\"a\":\"x\ny\"}",
				"{\"a\":{\"status\":{\"connector\":{\"state\":\"\\x\"}}}}", "{\"a\":{\"status\":{\"x\":-}}}")) {
			assertThatExceptionOfType(ConnectCallException.class).as(json)
				.isThrownBy(() -> StatusReader.readConnectors(REQUEST, stream(json), NO_LIMITS, null))
				.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(ConnectCallException.Kind.MALFORMED_RESPONSE))
				.withMessageContaining("(byte ");
		}
	}

	@Test
	void nestingDeeperThanTheLimitIsMalformed() {
		String deep = "{\"a\":{\"status\":{\"x\":" + "[".repeat(StatusReader.MAX_DEPTH)
				+ "]".repeat(StatusReader.MAX_DEPTH) + "}}}";
		assertThatExceptionOfType(ConnectCallException.class)
			.isThrownBy(() -> StatusReader.readConnectors(REQUEST, stream(deep), NO_LIMITS, null))
			.withMessageContaining("nesting deeper than 500");
	}

	@Test
	void aTaskWithoutAnIntegerIdIsMalformed() {
		for (String id : List.of("", "\"id\":1.5,", "\"id\":\"1\",", "\"id\":99999999999,")) {
			String json = "{\"a\":{\"status\":{\"name\":\"a\",\"tasks\":[{" + id + "\"state\":\"RUNNING\"}]}}}";
			assertThatExceptionOfType(ConnectCallException.class).as(json)
				.isThrownBy(() -> StatusReader.readConnectors(REQUEST, stream(json), NO_LIMITS, null))
				.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(ConnectCallException.Kind.MALFORMED_RESPONSE));
		}
	}

	@Test
	void readsTheBareListOfAnOldWorker() {
		assertThat(StatusReader.readConnectors(REQUEST, stream("[\"a\", \"b\\u00e9\"]"), NO_LIMITS, null))
			.isEqualTo(new ConnectJson.NamesOnly(List.of("a", "bé")));
		assertThat(StatusReader.readConnectors(REQUEST, stream(" [ ] "), NO_LIMITS, null))
			.isEqualTo(new ConnectJson.NamesOnly(List.of()));
	}

	@Test
	void traceValuesAreCutToTheCharactersKeptAndEndWithAnEllipsis() {
		ConnectorStatus read = readOne("\"trace\":\"" + "x".repeat(100) + "\"", new StatusReader.Limits(10, 1_000_000));
		assertThat(read.trace()).isEqualTo("xxxxxxxxxx...");
		assertThat(read.state()).isEqualTo(State.FAILED);
		assertThat(readOne("\"trace\":\"0123456789\"", new StatusReader.Limits(10, 1_000)).trace())
			.isEqualTo("0123456789");
	}

	@ParameterizedTest(name = "cut after {0} characters")
	@ValueSource(ints = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 })
	void cutNeverFallsInsideAnEscapeOrAMultiByteCharacter(int keep) {
		String trace = "a\\n\\\"b\\u00e9\u00e9\u20ac\\\\c\u20acd\\te";
		String whole = JACKSON.readTree("\"" + trace + "\"").stringValue();
		String kept = readOne("\"trace\":\"" + trace + "\"", new StatusReader.Limits(keep, 1_000)).trace();
		assertThat(kept).isEqualTo((keep >= whole.length()) ? whole : whole.substring(0, keep) + "...");
	}

	@Test
	void onlyTraceValuesAreCut() {
		String json = "{\"a\":{\"status\":{\"name\":\"" + "n".repeat(50) + "\",\"x\":\"\\\"trace\\\":\\\""
				+ "y".repeat(50) + "\",\"connector\":{\"state\":\"FAILED\",\"trace\":\"short\"},\"tasks\":[]}}}";
		ConnectorStatus read = ((ConnectJson.Expanded) StatusReader.readConnectors(REQUEST, stream(json),
				new StatusReader.Limits(5, 1_000), null))
			.connectors()
			.get(0);
		assertThat(read.name()).hasSize(50);
		assertThat(read.trace()).isEqualTo("short");
	}

	@Test
	void aThirtyMegabyteTraceIsReadInSmallPiecesAndCut() {
		int size = 30 * 1024 * 1024;
		byte[] head = "{\"c\":{\"status\":{\"name\":\"c\",\"tasks\":[{\"id\":0,\"state\":\"FAILED\",\"trace\":\""
			.getBytes(StandardCharsets.US_ASCII);
		byte[] tail = "\"}]}}}".getBytes(StandardCharsets.US_ASCII);
		InputStream huge = new InputStream() {

			private long at;

			@Override
			public int read() {
				long i = this.at++;
				if (i < head.length) {
					return head[(int) i];
				}
				i -= head.length;
				if (i < size) {
					return 'z';
				}
				i -= size;
				return (i < tail.length) ? tail[(int) i] : -1;
			}

		};
		ConnectorStatus read = ((ConnectJson.Expanded) StatusReader.readConnectors(REQUEST, huge,
				new StatusReader.Limits(2000, 64L * 1024 * 1024), null))
			.connectors()
			.get(0);
		assertThat(read.tasks().get(0).trace()).hasSize(2003).endsWith("z...");
	}

	@Test
	void anAnswerOverTheSizeLimitFailsNamingTheSetting() {
		assertThatExceptionOfType(ConnectCallException.class)
			.isThrownBy(() -> StatusReader.readConnectors(REQUEST, stream("{\"a\":\"" + "b".repeat(20_000) + "\"}"),
					new StatusReader.Limits(10, 1000), null))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(ConnectCallException.Kind.MALFORMED_RESPONSE))
			.withMessageContaining("connect-doctor.connect.max-response-size");
	}

	private static ConnectorStatus readOne(String connectorField, StatusReader.Limits limits) {
		String json = "{\"c\":{\"status\":{\"name\":\"c\",\"connector\":{\"state\":\"FAILED\"," + connectorField
				+ ",\"worker_id\":\"w\"},\"tasks\":[]}}}";
		return ((ConnectJson.Expanded) StatusReader.readConnectors(REQUEST, stream(json), limits, null)).connectors()
			.get(0);
	}

	private static List<ConnectorStatus> read(String json) {
		return ((ConnectJson.Expanded) StatusReader.readConnectors(REQUEST, stream(json), NO_LIMITS, null))
			.connectors();
	}

	private static InputStream stream(String json) {
		return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
	}

	/** The same answer as Jackson's tree reads it, by the rules ConnectJson documents. */
	private static List<ConnectorStatus> jackson(String json) {
		List<ConnectorStatus> connectors = new ArrayList<>();
		for (Map.Entry<String, JsonNode> entry : JACKSON.readTree(json).properties()) {
			JsonNode status = entry.getValue().get("status");
			String name = status.path("name").isString() ? status.get("name").stringValue() : entry.getKey();
			List<TaskStatus> tasks = new ArrayList<>();
			for (JsonNode task : status.path("tasks")) {
				if (task.isObject()) {
					tasks.add(new TaskStatus(name, task.get("id").intValue(), state(task), text(task, "worker_id"),
							text(task, "trace")));
				}
			}
			JsonNode connector = status.path("connector");
			connectors.add(new ConnectorStatus(name, text(status, "type"), state(connector),
					text(connector, "worker_id"), text(connector, "trace"), tasks));
		}
		return connectors;
	}

	private static State state(JsonNode unit) {
		return State.of(text(unit, "state"));
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	// --- generated answers

	private static final String[] STATES = { "RUNNING", "FAILED", "UNASSIGNED", "PAUSED", "RESTARTING", "STOPPED",
			"running", "Failed", "DESTROYED", "" };

	private static String answer(Random random, int connectors) {
		StringBuilder json = new StringBuilder("{");
		for (int c = 0; c < connectors; c++) {
			String name = "conn-" + c + pick(random, "", "-é", "\\n", "\\\"q", "-\\u00e9", "-€");
			json.append((c > 0) ? "," : "").append(space(random)).append('"').append(name).append("\":");
			List<String> fields = new ArrayList<>();
			fields.add("\"name\":"
					+ pick(random, "\"" + name + "\"", "\"renamed-" + c + "\"", "null", "\"" + name + "\""));
			fields.add("\"connector\":" + unit(random, -1));
			StringBuilder tasks = new StringBuilder("[");
			int count = random.nextInt(5);
			for (int t = 0; t < count; t++) {
				tasks.append((t > 0) ? "," : "").append(unit(random, t));
			}
			fields.add("\"tasks\":" + tasks.append(']'));
			if (random.nextBoolean()) {
				fields.add("\"type\":" + pick(random, "\"sink\"", "\"source\"", "\"unknown\"", "7"));
			}
			if (random.nextInt(4) == 0) {
				fields.add("\"version\":" + junk(random));
			}
			java.util.Collections.shuffle(fields, random);
			String status = "{" + String.join("," + space(random), fields) + "}";
			String entry = random.nextInt(5) == 0 ? "{\"info\":" + junk(random) + ",\"status\":" + status + "}"
					: "{\"status\":" + status + "}";
			json.append(entry);
		}
		return json.append(space(random)).append('}').toString();
	}

	private static String unit(Random random, int id) {
		List<String> fields = new ArrayList<>();
		if (id >= 0) {
			fields.add("\"id\":" + id);
		}
		if (random.nextInt(8) > 0) {
			fields.add("\"state\":\"" + STATES[random.nextInt(STATES.length)] + "\"");
		}
		if (random.nextInt(8) > 0) {
			fields.add("\"worker_id\":" + pick(random, "\"10.0.0.1:8083\"", "\"10.0.0.2:8083\"", "\"wörker:8083\"",
					"null", "\"10.0.0.1:8083\""));
		}
		if (random.nextInt(3) == 0) {
			fields.add("\"trace\":\"" + pick(random, "x", "org.X: boom\\n\\tat a.b(C.java:1)",
					"é€\\u00e9\\ud83d\\ude00", "q".repeat(9000), "é".repeat(5000)) + "\"");
		}
		if (random.nextInt(4) == 0) {
			fields.add("\"extra\":" + junk(random));
		}
		java.util.Collections.shuffle(fields, random);
		return "{" + String.join(",", fields) + "}";
	}

	private static String junk(Random random) {
		return pick(random, "null", "true", "false", "-1.5e3", "0", "[]", "{}", "[1,\"a\",{\"b\":[null]}]",
				"{\"x\":{\"y\":\"z\\\"\"}}", "\"v\\u0041\"");
	}

	private static String space(Random random) {
		return pick(random, "", "", " ", "\n  ", "\t");
	}

	private static String pick(Random random, String... options) {
		return options[random.nextInt(options.length)];
	}

}
