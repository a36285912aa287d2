package io.connectdoctor.records;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.connectdoctor.connect.LogText;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A Microsoft Entra access token for Azure Monitor ({@code https://monitor.azure.com}),
 * by the OAuth 2.0 client credentials grant: with a service principal's secret, or with
 * AKS workload identity's federated token (a {@code client_assertion}). Kept until five
 * minutes before it expires. Neither the secret, the assertion nor the token is ever
 * logged or put in an error.
 *
 * @author connect-doctor
 */
final class AzureToken {

	static final String SCOPE = "https://monitor.azure.com//.default";

	private static final Duration EARLY = Duration.ofMinutes(5);

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final WebClient webClient;

	private final String tokenUrl;

	private final String clientId;

	private final @Nullable String clientSecret;

	private final @Nullable Path federatedTokenFile;

	private final Duration timeout;

	private final Clock clock;

	private @Nullable String token;

	private Instant renewAt = Instant.MIN;

	AzureToken(WebClient webClient, RecordsProperties.Azure azure, Clock clock) {
		this.webClient = webClient;
		String authority = azure.authorityHost().endsWith("/") ? azure.authorityHost() : azure.authorityHost() + "/";
		this.tokenUrl = authority + azure.tenantId() + "/oauth2/v2.0/token";
		this.clientId = azure.clientId();
		this.clientSecret = azure.clientSecret();
		this.federatedTokenFile = (azure.federatedTokenFile() != null) ? Path.of(azure.federatedTokenFile()) : null;
		this.timeout = azure.requestTimeout();
		this.clock = clock;
	}

	/**
	 * Return a token valid for five minutes at least, asking for a new one when needed.
	 * Blocks for at most the request deadline.
	 * @return the token
	 * @throws TokenException when none can be had, with a message safe to log
	 */
	synchronized String get() {
		Instant now = this.clock.instant();
		if (this.token != null && now.isBefore(this.renewAt)) {
			return this.token;
		}
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "client_credentials");
		form.add("client_id", this.clientId);
		form.add("scope", SCOPE);
		if (this.clientSecret != null) {
			form.add("client_secret", this.clientSecret);
		}
		else {
			form.add("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
			form.add("client_assertion", readAssertion());
		}
		Answer answer;
		try {
			answer = this.webClient.post()
				.uri(this.tokenUrl)
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(BodyInserters.fromFormData(form))
				.exchangeToMono((response) -> response.bodyToMono(byte[].class)
					.defaultIfEmpty(new byte[0])
					.map((body) -> new Answer(response.statusCode().value(), body)))
				.block(this.timeout);
		}
		catch (RuntimeException ex) {
			throw new TokenException("token endpoint " + this.tokenUrl + " not reached: " + ex);
		}
		if (answer == null) {
			throw new TokenException("token endpoint " + this.tokenUrl + " sent no answer");
		}
		JsonNode json = parse(answer.body());
		if (answer.status() != 200 || json == null || !json.path("access_token").isString()) {
			// Entra's error codes (invalid_client, unauthorized_client, ...) name the
			// problem without the secret.
			String error = (json != null) ? json.path("error").asString("") : "";
			String description = (json != null) ? json.path("error_description").asString("") : "";
			throw new TokenException("token endpoint " + this.tokenUrl + " answered " + answer.status()
					+ (error.isEmpty() ? "" : " " + error)
					+ (description.isEmpty() ? "" : ": " + LogText.of(firstLine(description))));
		}
		long expiresIn = json.path("expires_in").asLong(3600);
		this.token = json.path("access_token").asString();
		this.renewAt = now.plusSeconds(expiresIn).minus(EARLY);
		return this.token;
	}

	/** Forget the token: the target refused it (401). */
	synchronized void invalidate() {
		this.token = null;
	}

	private String readAssertion() {
		try {
			return Files.readString(this.federatedTokenFile, StandardCharsets.UTF_8).trim();
		}
		catch (IOException ex) {
			throw new TokenException("cannot read the federated token file " + this.federatedTokenFile + ": "
					+ ex.getClass().getSimpleName());
		}
	}

	private static @Nullable JsonNode parse(byte[] body) {
		try {
			return (body.length > 0) ? MAPPER.readTree(body) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static String firstLine(String text) {
		int end = text.indexOf('\n');
		String line = (end < 0) ? text : text.substring(0, end);
		return (line.length() > 300) ? line.substring(0, 300) + "..." : line;
	}

	private record Answer(int status, byte[] body) {
	}

	/**
	 * No token to be had; the message is safe to log.
	 */
	static final class TokenException extends RuntimeException {

		TokenException(String message) {
			super(message);
		}

	}

}
