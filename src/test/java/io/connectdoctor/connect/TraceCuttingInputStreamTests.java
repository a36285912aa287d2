package io.connectdoctor.connect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Traces cut while Connect's answer is read, so a huge answer never sits in memory whole.
 *
 * @author connect-doctor
 */
class TraceCuttingInputStreamTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void traceValuesAreCutToTheCharactersKeptAndEndWithAnEllipsis() throws IOException {
		String answer = "{\"trace\":\"" + "x".repeat(100) + "\",\"state\":\"FAILED\",\"name\":\"" + "n".repeat(100)
				+ "\"}";
		JsonNode node = json.readTree(cut(answer, 10, 1_000_000));
		assertThat(node.path("trace").stringValue()).isEqualTo("xxxxxxxxxx...");
		assertThat(node.path("state").stringValue()).isEqualTo("FAILED");
		assertThat(node.path("name").stringValue()).hasSize(100);
	}

	@Test
	void traceAtTheLimitIsKeptWhole() throws IOException {
		assertThat(json.readTree(cut("{\"trace\":\"0123456789\"}", 10, 1_000)).path("trace").stringValue())
			.isEqualTo("0123456789");
	}

	@ParameterizedTest(name = "cut after {0} characters")
	@ValueSource(ints = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 })
	void cutNeverFallsInsideAnEscapeOrAMultiByteCharacter(int keep) throws IOException {
		String trace = "a\\n\\\"b\\u00e9\u00e9\u20ac\\\\c\u20acd\\te";
		String expectedWhole = json.readTree("\"" + trace + "\"").stringValue();
		String kept = json.readTree(cut("{\"trace\":\"" + trace + "\",\"after\":1}", keep, 1_000))
			.path("trace")
			.stringValue();
		if (keep >= expectedWhole.length()) {
			assertThat(kept).isEqualTo(expectedWhole);
		}
		else {
			assertThat(kept).isEqualTo(expectedWhole.substring(0, keep) + "...");
		}
	}

	@Test
	void aKeyNamedTraceInsideAnotherStringIsNotCut() throws IOException {
		String answer = "{\"message\":\"\\\"trace\\\":\\\"" + "y".repeat(50) + "\",\"trace\":\"short\"}";
		JsonNode node = json.readTree(cut(answer, 5, 1_000));
		assertThat(node.path("message").stringValue()).endsWith("y".repeat(50));
		assertThat(node.path("trace").stringValue()).isEqualTo("short");
	}

	@Test
	void aThirtyMegabyteTraceIsReadInSmallPiecesAndCut() throws IOException {
		int size = 30 * 1024 * 1024;
		InputStream huge = new InputStream() {

			private final byte[] head = "{\"tasks\":[{\"id\":0,\"trace\":\"".getBytes(StandardCharsets.US_ASCII);

			private final byte[] tail = "\"}]}".getBytes(StandardCharsets.US_ASCII);

			private long at;

			@Override
			public int read() {
				long i = this.at++;
				if (i < this.head.length) {
					return this.head[(int) i];
				}
				i -= this.head.length;
				if (i < size) {
					return 'z';
				}
				i -= size;
				return (i < this.tail.length) ? this.tail[(int) i] : -1;
			}

		};
		JsonNode node = json.readTree(new TraceCuttingInputStream(huge, 2000, 64L * 1024 * 1024));
		assertThat(node.path("tasks").get(0).path("trace").stringValue()).hasSize(2003).endsWith("z...");
	}

	@Test
	void anAnswerOverTheSizeLimitFailsNamingTheSetting() {
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> cut("{\"a\":\"" + "b".repeat(5000) + "\"}", 10, 1000).readAllBytes())
			.withMessageContaining("connect-doctor.connect.max-response-size");
	}

	private static InputStream cut(String answer, int chars, long maxBytes) {
		return new TraceCuttingInputStream(new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)), chars,
				maxBytes);
	}

}
