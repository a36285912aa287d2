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

	@Test
	void readingWithTheLastReadingGivesWhatAFreshReadingGives() {
		Random random = new Random(11);
		for (int round = 0; round < 300; round++) {
			List<String> entries = entries(random, 1 + random.nextInt(12));
			ConnectJson.Expanded last = expanded(answer(entries, random), null);
			for (int poll = 0; poll < 3; poll++) {
				List<String> next = nextPoll(entries, random, 100 + 3 * round + poll);
				String json = answer(next, random);
				ConnectJson.Expanded read = expanded(json, last);
				assertThat(read.connectors()).as(json).isEqualTo(expanded(json, null).connectors());
				for (int c = 0; c < next.size(); c++) {
					// The last reading is found by name: a status naming another
					// connector than its key (never seen from Connect) is read anew.
					int before = entries.indexOf(next.get(c));
					if (before >= 0 && !next.get(c).contains("renamed-")) {
						assertThat(read.connectors().get(c)).as(json).isSameAs(last.connectors().get(before));
					}
				}
				entries = next;
				last = read;
			}
		}
	}

	@Test
	void aConnectorWhoseBytesAreAsAtTheLastReadingIsThatReadingWithoutBeingRead() {
		String json = "{\"a-é\":{\"status\":{\"connector\":{\"state\":\"RUNNING\"}}},\"b\":{\"status\":{}}}";
		ConnectJson.Expanded first = expanded(json, null);
		// The same hashes with other readings: only a connector that is not read again
		// can come out as the reading given.
		ConnectorStatus a = new ConnectorStatus("a-é", "sink", State.FAILED, null, null, List.of());
		ConnectorStatus b = new ConnectorStatus("b", "source", State.PAUSED, null, null, List.of());
		ConnectJson.Expanded last = new ConnectJson.Expanded(List.of(b, a),
				new long[] { first.hashes()[1], first.hashes()[0] });
		assertThat(expanded(json, last).connectors()).containsExactly(a, b);
		assertThat(expanded(json.replace("RUNNING", "PAUSED"), last).connectors().get(0).state())
			.isEqualTo(State.PAUSED);
	}

	@Test
	void aChangedValueThatCrossesBuffersOrIsTooLongToKeepIsReadAgainInFull() {
		for (int length : List.of(20_000, StatusReader.MAX_VALUE_KEPT)) {
			String trace = "\"trace\":\"" + "é".repeat(length) + "\"";
			String before = "{\"a\":{\"status\":{\"name\":\"a\",\"connector\":{\"state\":\"RUNNING\"," + trace
					+ "},\"tasks\":[]}},\"b\":{\"status\":{\"name\":\"b\",\"connector\":{\"state\":\"RUNNING\"}}}}";
			String after = before.replace("RUNNING", "FAILED");
			ConnectJson.Expanded last = expanded(before, null);
			ConnectJson.Expanded read = expanded(after, last);
			assertThat(read.connectors()).isEqualTo(expanded(after, null).connectors());
			assertThat(read.connectors().get(0).state()).isEqualTo(State.FAILED);
			assertThat(read.connectors().get(0).trace()).hasSize(length);
			ConnectJson.Expanded again = expanded(after, read);
			assertThat(again.connectors()).isEqualTo(read.connectors());
			assertThat(again.connectors().get(1)).isSameAs(read.connectors().get(1));
		}
		String tooLong = "\"trace\":\"" + "é".repeat(StatusReader.MAX_VALUE_KEPT) + "\"";
		assertThat(expanded("{\"a\":{\"status\":{\"connector\":{" + tooLong + "}}}}", null).hashes())
			.containsExactly(StatusReader.NO_HASH);
	}

	@Test
	void aBrokenOrCutAnswerReadWithTheLastReadingFailsAtTheSameByte() {
		Random random = new Random(3);
		List<String> entries = entries(random, 3);
		ConnectJson.Expanded last = expanded(answer(entries, random), null);
		String json = answer(nextPoll(entries, random, 100), random);
		for (int length = 0; length < json.length() - 1; length++) {
			String cut = json.substring(0, length);
			assertThat(failure(cut, last)).as(cut).isEqualTo(failure(cut, null)).contains("(byte ");
		}
		ConnectJson.Expanded lastOfA = expanded(
				"{\"a\":{\"status\":{\"name\":\"a\",\"connector\":{\"state\":\"RUNNING\"}}}}", null);
		for (String malformed : List.of("{\"a\":{\"status\":{\"name\":\"a\",}}}", "{\"a\":{\"status\":tru}}",
				"{\"a\":{\"status\":{\"connector\":{\"state\":\"\\x\"}}}}", "{\"a\":{\"status\":{\"x\":-}}}",
				"{\"a\":{\"status\":{\"x\":" + "[".repeat(600) + "]".repeat(600) + "}}}",
				"{\"a\":{\"status\":{\"x\":\"" + "y".repeat(20_000) + "\n\"}}}")) {
			assertThat(failure(malformed, lastOfA)).as(malformed)
				.isEqualTo(failure(malformed, null))
				.contains("(byte ");
		}
	}

	private static String failure(String json, ConnectJson.Expanded last) {
		try {
			StatusReader.readConnectors(REQUEST, stream(json), NO_LIMITS, last);
		}
		catch (ConnectCallException ex) {
			assertThat(ex.kind()).isEqualTo(ConnectCallException.Kind.MALFORMED_RESPONSE);
			return ex.getMessage();
		}
		throw new AssertionError("read without failing: " + json);
	}

	private static ConnectJson.Expanded expanded(String json, ConnectJson.Expanded last) {
		return (ConnectJson.Expanded) StatusReader.readConnectors(REQUEST, stream(json), NO_LIMITS, last);
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
		return answer(entries(random, connectors), random);
	}

	private static String answer(List<String> entries, Random random) {
		StringBuilder json = new StringBuilder("{");
		for (int c = 0; c < entries.size(); c++) {
			json.append((c > 0) ? "," : "").append(space(random)).append(entries.get(c));
		}
		return json.append(space(random)).append('}').toString();
	}

	/** The members of a generated expanded answer: {@code "name":{...}}. */
	private static List<String> entries(Random random, int connectors) {
		List<String> entries = new ArrayList<>();
		for (int c = 0; c < connectors; c++) {
			entries.add(entry(random, c));
		}
		return entries;
	}

	private static String entry(Random random, int c) {
		String[] suffixes = { "", "-é", "\\n", "\\\"q", "-\\u00e9", "-€" };
		String name = "conn-" + c + suffixes[c % suffixes.length];
		List<String> fields = new ArrayList<>();
		fields.add("\"name\":" + pick(random, "\"" + name + "\"", "\"renamed-" + c + "\"", "null", "\"" + name + "\""));
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
		String value = random.nextInt(5) == 0 ? "{\"info\":" + junk(random) + ",\"status\":" + status + "}"
				: "{\"status\":" + status + "}";
		return "\"" + name + "\":" + value;
	}

	/**
	 * The next poll's members: most the same, some changed in their status or only in
	 * their spacing, some gone, some new (numbered {@code fresh}), now and then in
	 * another order.
	 */
	private static List<String> nextPoll(List<String> entries, Random random, int fresh) {
		List<String> next = new ArrayList<>();
		for (int c = 0; c < entries.size(); c++) {
			String entry = entries.get(c);
			switch (random.nextInt(8)) {
				case 0 -> next.add(entry(random, number(entry)));
				case 1 -> next.add(entry.replaceFirst(":\\{", ": {"));
				case 2 -> {
				}
				default -> next.add(entry);
			}
		}
		if (random.nextInt(3) == 0) {
			next.add(entry(random, fresh));
		}
		if (random.nextInt(5) == 0) {
			java.util.Collections.shuffle(next, random);
		}
		return next;
	}

	/**
	 * The number in a generated member's name: a member generated with it has that name.
	 */
	private static int number(String entry) {
		return Integer.parseInt(entry.substring("\"conn-".length()).split("[^0-9]", 2)[0]);
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
