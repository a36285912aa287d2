package io.connectdoctor.records;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.connectdoctor.delivery.Transport;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sends a batch of status records to Azure Monitor's Logs Ingestion API: {@code POST
 * {endpoint}/dataCollectionRules/{rule}/streams/{stream}?api-version=2023-01-01} with a
 * JSON array and a bearer token. 204 is delivered; 429 (with its {@code Retry-After}),
 * 5xx, a time-out and a token that cannot be had are retried; a 401 drops the token and
 * is retried with a new one; any other 4xx (a stream or column the rule does not know) is
 * refused for good.
 *
 * @author connect-doctor
 */
final class LogsIngestion implements Transport<String> {

	static final String API_VERSION = "2023-01-01";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final WebClient webClient;

	private final URI uri;

	private final AzureToken token;

	private final Duration timeout;

	LogsIngestion(WebClient webClient, RecordsProperties.Azure azure, AzureToken token) {
		this.webClient = webClient;
		this.uri = UriComponentsBuilder.fromUri(azure.endpoint())
			.path("/dataCollectionRules/{rule}/streams/{stream}")
			.queryParam("api-version", API_VERSION)
			.buildAndExpand(azure.ruleId(), azure.stream())
			.encode()
			.toUri();
		this.token = token;
		this.timeout = azure.requestTimeout();
	}

	/**
	 * Return the size of a record as it is sent.
	 * @param json the record's JSON
	 * @return its UTF-8 bytes
	 */
	static long bytes(String json) {
		long bytes = 0;
		for (int i = 0; i < json.length(); i++) {
			char c = json.charAt(i);
			bytes += (c < 0x80) ? 1 : (c < 0x800) ? 2 : (Character.isHighSurrogate(c)) ? 2 : 3;
		}
		return bytes;
	}

	@Override
	public Attempt send(List<String> batch) {
		String bearer;
		try {
			bearer = this.token.get();
		}
		catch (AzureToken.TokenException ex) {
			return Attempt.retry(null, ex.getMessage());
		}
		byte[] body = ("[" + String.join(",", batch) + "]").getBytes(StandardCharsets.UTF_8);
		Answer answer = this.webClient.post()
			.uri(this.uri)
			.contentType(MediaType.APPLICATION_JSON)
			.headers((headers) -> headers.setBearerAuth(bearer))
			.bodyValue(body)
			.exchangeToMono((response) -> response.bodyToMono(byte[].class)
				.defaultIfEmpty(new byte[0])
				.map((answerBody) -> new Answer(response.statusCode().value(),
						response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER), answerBody)))
			.block(this.timeout);
		if (answer == null) {
			return Attempt.retry(null, "no answer");
		}
		int status = answer.status();
		String detail = "POST /dataCollectionRules/.../streams/... answered " + status + error(answer.body());
		if (status == 401) {
			// The token was refused: a new one for the next attempt.
			this.token.invalidate();
			return Attempt.retry(null, detail);
		}
		return Attempt.of(status, answer.retryAfter(), detail);
	}

	/** Azure's {@code {"error":{"code","message"}}}, its code and first words. */
	private static String error(byte[] body) {
		try {
			JsonNode error = (body.length > 0) ? MAPPER.readTree(body).path("error") : null;
			if (error == null || error.isMissingNode()) {
				return "";
			}
			String message = error.path("message").asString("");
			return " " + error.path("code").asString("") + ": "
					+ ((message.length() > 300) ? message.substring(0, 300) + "..." : message);
		}
		catch (RuntimeException ex) {
			return "";
		}
	}

	private record Answer(int status, @Nullable String retryAfter, byte[] body) {
	}

}
