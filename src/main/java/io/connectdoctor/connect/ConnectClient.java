package io.connectdoctor.connect;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.net.ssl.SSLException;

import io.connectdoctor.connect.ConnectJson.ConnectorsAnswer;
import io.connectdoctor.connect.ConnectJson.Expanded;
import io.connectdoctor.connect.ConnectJson.NamesOnly;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriBuilder;

/**
 * The one client of the Kafka Connect REST API. Every call has a deadline, and every
 * failure arrives as a {@link ConnectCallException} of a known kind. Nothing here
 * retries: reads are repeated by the next poll, and a restart must never be sent twice
 * blindly.
 *
 * @author connect-doctor
 */
public final class ConnectClient {

	/**
	 * Status only: {@code expand=info} would send every connector's configuration,
	 * secrets included, across the wire on every poll, and the connector's type is in its
	 * status anyway.
	 */
	private static final String LIST_REQUEST = "GET /connectors?expand=status";

	/**
	 * Characters of a trace kept by default, in answers and while reading
	 * ({@code connect-doctor.health.trace-max-length}).
	 */
	public static final String DEFAULT_TRACE_MAX_LENGTH = "2000";

	/** A connector name no one uses: asked for to see the herder answer 404. */
	static final String HERDER_PROBE = "connect-doctor-herder-probe";

	/**
	 * The most an answer read whole may hold: an error, a restart's or a health answer.
	 */
	static final long SMALL_ANSWER_LIMIT = 1024 * 1024;

	private final WebClient webClient;

	private final ConnectEndpoint endpoint;

	private final Duration deadline;

	/** Netty's response timeout and the hard deadline of {@code GET /health}. */
	private final Duration healthResponseTimeout;

	private final Duration healthDeadline;

	private final int statusConcurrency;

	/**
	 * What is read of a status answer: traces cut, and no more than max-response-size.
	 */
	private final StatusReader.Limits limits;

	/**
	 * The last expanded answer read and its status: the next read reuses every connector
	 * that did not change, and this status whole when none did. Between polls nearly
	 * nothing changes, so a poll's objects die young instead of being promoted and
	 * collected with the old generation (a full collection per poll at N = 10,000).
	 */
	private volatile @Nullable LastRead lastRead;

	/**
	 * Create a client.
	 * @param builder the WebClient builder to start from (cloned, not changed)
	 * @param properties how to reach Connect
	 * @throws io.connectdoctor.settings.InvalidSettingException when a setting is wrong
	 */
	public ConnectClient(WebClient.Builder builder, ConnectProperties properties) {
		this(builder, properties, null, Integer.parseInt(DEFAULT_TRACE_MAX_LENGTH));
	}

	/**
	 * Create a client that may take its TLS material from an SSL bundle.
	 * @param builder the WebClient builder to start from (cloned, not changed)
	 * @param properties how to reach Connect
	 * @param bundles the application's SSL bundles, or {@code null}
	 * @param traceMaxLength characters of each trace kept while answers are read
	 * ({@code connect-doctor.health.trace-max-length})
	 * @throws io.connectdoctor.settings.InvalidSettingException when a setting is wrong
	 */
	public ConnectClient(WebClient.Builder builder, ConnectProperties properties, @Nullable SslBundles bundles,
			int traceMaxLength) {
		this.endpoint = ConnectEndpoint.from(properties);
		SslContext tls = ConnectTls.context(properties.ssl(), bundles);
		// A hard deadline over the whole exchange, beyond Netty's own timeouts, so no
		// call can hang the poller whatever the server does.
		this.deadline = properties.connectTimeout().plus(properties.responseTimeout());
		this.healthResponseTimeout = properties.healthTimeout();
		this.healthDeadline = properties.connectTimeout().plus(properties.healthTimeout());
		this.statusConcurrency = properties.statusConcurrency();
		this.limits = new StatusReader.Limits(traceMaxLength, properties.maxResponseSize().toBytes());
		ConnectionProvider pool = ConnectionProvider.builder("connect")
			.maxConnections(properties.statusConcurrency() + 4)
			.pendingAcquireTimeout(this.deadline)
			// Below Jetty's 30 s idle timeout, so a pooled connection is never reused
			// just as Connect closes it.
			.maxIdleTime(Duration.ofSeconds(20))
			.build();
		HttpClient http = HttpClient.create(pool)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
			.responseTimeout(properties.responseTimeout());
		if (tls != null) {
			http = http.secure((spec) -> spec.sslContext(tls));
		}
		this.webClient = builder.clone()
			.baseUrl(this.endpoint.baseUrl())
			.clientConnector(new ReactorClientHttpConnector(http))
			// Answers read whole (errors, restarts, health) are small; the status
			// answers,
			// which grow with the cluster, are streamed (readSuccess).
			.codecs((codecs) -> codecs.defaultCodecs()
				.maxInMemorySize((int) Math.min(SMALL_ANSWER_LIMIT, properties.maxResponseSize().toBytes())))
			.defaultHeaders((headers) -> {
				headers.setAccept(List.of(MediaType.APPLICATION_JSON));
				if (this.endpoint.hasCredentials()) {
					headers.setBasicAuth(this.endpoint.username(),
							(this.endpoint.password() != null) ? this.endpoint.password() : "", StandardCharsets.UTF_8);
				}
			})
			.build();
	}

	/**
	 * Return the address this client talks to, without credentials.
	 * @return the endpoint
	 */
	public ConnectEndpoint endpoint() {
		return this.endpoint;
	}

	/**
	 * Read the status of every connector: one {@code expand} call on Kafka 2.3+; on older
	 * clusters, which answer that call with a bare list of names, one status call per
	 * connector with bounded concurrency, skipping connectors deleted meanwhile.
	 * @return the cluster's status
	 */
	public Mono<ClusterStatus> clusterStatus() {
		LastRead last = this.lastRead;
		return readSuccess(LIST_REQUEST, (uri) -> uri.path("/connectors").queryParam("expand", "status").build(),
				(body) -> StatusReader.readConnectors(LIST_REQUEST, body, this.limits,
						(last != null) ? last.answer() : null))
			.flatMap((parsed) -> {
				if (parsed instanceof Expanded expanded) {
					if (last != null && expanded.sameAs(last.answer())) {
						return Mono.just(last.status());
					}
					ClusterStatus status = ClusterStatus.of(expanded.connectors(), ReadMethod.EXPANDED);
					this.lastRead = new LastRead(expanded, status);
					return Mono.just(status);
				}
				this.lastRead = null;
				return perConnector(((NamesOnly) parsed).names());
			});
	}

	private record LastRead(Expanded answer, ClusterStatus status) {
	}

	private Mono<ClusterStatus> perConnector(List<String> names) {
		return Flux.fromIterable(names)
			.flatMap((name) -> connectorStatus(name).map((status) -> Map.entry(name, status))
				.onErrorResume(ConnectClient::isNotFound, (ex) -> Mono.empty()), this.statusConcurrency)
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.map((byName) -> ClusterStatus.of(names.stream().map(byName::get).filter(Objects::nonNull).toList(),
					ReadMethod.PER_CONNECTOR));
	}

	/**
	 * Read one connector's status.
	 * @param name the connector's name, sent URL-encoded
	 * @return its status; a {@link ConnectCallException} with status 404 when unknown
	 */
	public Mono<ConnectorStatus> connectorStatus(String name) {
		String request = "GET /connectors/" + name + "/status";
		return readSuccess(request, (uri) -> uri.path("/connectors/{name}/status").build(name),
				(body) -> StatusReader.readStatus(request, name, body, this.limits));
	}

	/**
	 * Read the worker's own health ({@code GET /health}, KIP-1017).
	 * @return the health, or empty when the worker predates KIP-1017 (404)
	 */
	public Mono<Optional<WorkerHealth>> workerHealth() {
		String request = "GET /health";
		// Its own deadline, longer than the worker's own 10 s: a worker whose herder is
		// stuck answers 500 with its message, heard instead of timed out.
		return call(HttpMethod.GET, request, (uri) -> uri.path("/health").build(), this.healthResponseTimeout,
				this.healthDeadline)
			.flatMap((answer) -> {
				String message = ConnectJson.errorMessage(answer.body());
				WorkerHealth.Status status = switch (answer.status()) {
					case 200 -> WorkerHealth.Status.HEALTHY;
					case 503 -> WorkerHealth.Status.STARTING;
					case 500 -> WorkerHealth.Status.UNHEALTHY;
					case 401, 403 -> WorkerHealth.Status.UNAUTHORIZED;
					case 404 -> null;
					default -> throw ConnectCallException.httpStatus(request, answer.status(), message);
				};
				if (status == null) {
					return herderProbe();
				}
				if (status == WorkerHealth.Status.UNAUTHORIZED) {
					message = "authentication: GET /health answered " + answer.status()
							+ ((message != null) ? " (" + message + ")" : "")
							+ "; check connect-doctor.connect.username and password";
				}
				return Mono.just(Optional.of(new WorkerHealth(status, WorkerHealth.Source.KIP_1017, message)));
			});
	}

	/**
	 * A worker before Kafka 3.9 has no {@code GET /health}. KIP-1017's own suggestion: a
	 * {@code GET /connectors/<a name that does not exist>} answered 404 in time means the
	 * worker's herder serves requests. Answered otherwise, or not in time, it does not;
	 * unreachable, the poll says so already (empty).
	 */
	private Mono<Optional<WorkerHealth>> herderProbe() {
		String request = "GET /connectors/" + HERDER_PROBE;
		return call(HttpMethod.GET, request, (uri) -> uri.path("/connectors/{name}").build(HERDER_PROBE))
			.map((answer) -> (answer.status() == 404)
					? Optional.of(new WorkerHealth(WorkerHealth.Status.HEALTHY, WorkerHealth.Source.REST_API,
							"herder answers (worker predates GET /health)"))
					: Optional.of(new WorkerHealth(WorkerHealth.Status.UNHEALTHY, WorkerHealth.Source.REST_API,
							request + " answered " + answer.status() + " instead of 404: "
									+ ConnectJson.errorMessage(answer.body()))))
			.onErrorResume(ConnectCallException.class,
					(ex) -> Mono
						.just((ex.kind() == ConnectCallException.Kind.TIMEOUT)
								? Optional.of(new WorkerHealth(WorkerHealth.Status.UNHEALTHY,
										WorkerHealth.Source.REST_API, "herder does not answer: " + ex.getMessage()))
								: Optional.empty()));
	}

	/**
	 * Read one connector's configuration ({@code GET /connectors/{c}}): the herder
	 * answers it from the config topic, so it fails when the worker has lost its brokers.
	 * Only its success matters; the configuration is not kept.
	 * @param connector the connector's name, sent URL-encoded
	 * @return completes when Connect answered 2xx; a {@link ConnectCallException}
	 * otherwise
	 */
	public Mono<Void> readConnector(String connector) {
		String request = "GET /connectors/" + connector;
		return call(HttpMethod.GET, request, (uri) -> uri.path("/connectors/{name}").build(connector))
			.doOnNext((answer) -> answer.requireSuccess(request))
			.then();
	}

	/**
	 * Read one value of a connector's configuration ({@code GET /connectors/{c}/config}).
	 * The configuration may hold secrets: only the value asked for is kept, and no part
	 * of the answer is logged.
	 * @param connector the connector's name, sent URL-encoded
	 * @param key the configuration key
	 * @return the value, empty when the connector does not set it; a
	 * {@link ConnectCallException} when Connect does not answer 2xx
	 */
	public Mono<Optional<String>> connectorConfigValue(String connector, String key) {
		String request = "GET /connectors/" + connector + "/config";
		return call(HttpMethod.GET, request, (uri) -> uri.path("/connectors/{name}/config").build(connector))
			.map((answer) -> {
				answer.requireSuccess(request);
				return Optional.ofNullable(ConnectJson.configValue(request, answer.body(), key));
			});
	}

	/**
	 * Read a source connector's offsets ({@code GET /connectors/{c}/offsets}, KIP-875,
	 * Kafka 3.5+) as a fingerprint that changes when any offset moves.
	 * @param connector the connector's name, sent URL-encoded
	 * @return the fingerprint; empty on a 404 (a worker before Kafka 3.5, or the
	 * connector was deleted meanwhile); a {@link ConnectCallException} otherwise
	 */
	public Mono<OptionalLong> connectorOffsetsFingerprint(String connector) {
		String request = "GET /connectors/" + connector + "/offsets";
		return call(HttpMethod.GET, request, (uri) -> uri.path("/connectors/{name}/offsets").build(connector))
			.map((answer) -> {
				if (answer.status() == 404) {
					return OptionalLong.empty();
				}
				answer.requireSuccess(request);
				return OptionalLong.of(ConnectJson.offsetsFingerprint(request, answer.body()));
			});
	}

	/**
	 * Restart one task ({@code POST /connectors/{c}/tasks/{id}/restart}), synchronously
	 * on the worker that owns it. Sent once: a restart is never retried here.
	 * @param connector the connector's name, sent URL-encoded
	 * @param task the task id
	 * @return completes when Connect accepted the restart; a {@link ConnectCallException}
	 * otherwise (409 during a rebalance, 404 when the task is gone)
	 */
	public Mono<Void> restartTask(String connector, int task) {
		String request = "POST /connectors/" + connector + "/tasks/" + task + "/restart";
		return call(HttpMethod.POST, request,
				(uri) -> uri.path("/connectors/{name}/tasks/{task}/restart").build(connector, task))
			.doOnNext((answer) -> answer.requireSuccess(request))
			.then();
	}

	/**
	 * Restart only the connector instance ({@code POST /connectors/{c}/restart} without
	 * flags), not its tasks: the KIP-745 flags would restart failed tasks on every
	 * worker.
	 * @param connector the connector's name, sent URL-encoded
	 * @return completes when Connect accepted the restart; a {@link ConnectCallException}
	 * otherwise
	 */
	public Mono<Void> restartConnector(String connector) {
		String request = "POST /connectors/" + connector + "/restart";
		return call(HttpMethod.POST, request, (uri) -> uri.path("/connectors/{name}/restart").build(connector))
			.doOnNext((answer) -> answer.requireSuccess(request))
			.then();
	}

	/**
	 * Restart a connector's instance (when FAILED) and its FAILED tasks on every worker
	 * with one KIP-745 call, {@code POST
	 * /connectors/{c}/restart?includeTasks=true&onlyFailed=true} (Kafka 3.0+), as an
	 * operator would. A worker before 3.0 ignores the flags and restarts only the
	 * connector instance: it answers 204 instead of 202, and this call then says so.
	 * @param connector the connector's name, sent URL-encoded
	 * @return {@code true} when Connect applied the flags (202), {@code false} when it
	 * predates them; a {@link ConnectCallException} otherwise
	 */
	public Mono<Boolean> restartFailedUnits(String connector) {
		String request = "POST /connectors/" + connector + "/restart?includeTasks=true&onlyFailed=true";
		return call(HttpMethod.POST, request,
				(uri) -> uri.path("/connectors/{name}/restart")
					.queryParam("includeTasks", "true")
					.queryParam("onlyFailed", "true")
					.build(connector))
			.map((answer) -> {
				answer.requireSuccess(request);
				return answer.status() == 202;
			});
	}

	/**
	 * GET an answer that may be large (several MB on a big cluster, tens of MB when many
	 * tasks fail with long traces) and parse it as it arrives: the network buffers feed a
	 * stream read by a blocking parser on a worker thread ({@link StatusReader}, which
	 * cuts every trace to {@code trace-max-length} and stops at
	 * {@code max-response-size}). The answer is never held whole, so its size does not
	 * decide the memory it takes. Anything but a 2xx is a {@link ConnectCallException} as
	 * in {@link #call(HttpMethod, String, Function)}.
	 */
	private <T> Mono<T> readSuccess(String request, Function<UriBuilder, URI> uri, Function<InputStream, T> parser) {
		return this.webClient.get().uri(uri).exchangeToMono((response) -> {
			int status = response.statusCode().value();
			if (status < 200 || status > 299) {
				return response.bodyToMono(byte[].class)
					.defaultIfEmpty(new byte[0])
					.map((body) -> new Answer(status, body))
					.doOnNext((answer) -> answer.requireSuccess(request))
					.then(Mono.empty());
			}
			return Mono.defer(() -> {
				InputStream body = DataBufferUtils.subscriberInputStream(response.bodyToFlux(DataBuffer.class), 4);
				return Mono.fromCallable(() -> parse(request, body, parser))
					.subscribeOn(Schedulers.boundedElastic())
					// A missed deadline cancels the read: closing the stream ends the
					// parse.
					.doOnCancel(() -> closeQuietly(body));
			});
		}).transform((exchange) -> bounded(request, exchange));
	}

	private <T> T parse(String request, InputStream body, Function<InputStream, T> parser) {
		try (body) {
			return parser.apply(body);
		}
		catch (IOException ex) {
			throw ConnectCallException.malformed(request, "answer could not be read: " + ex.getMessage(), ex);
		}
	}

	private static void closeQuietly(InputStream body) {
		try {
			body.close();
		}
		catch (IOException ex) {
			// Closing only cancels the read; nothing is left to clean up.
		}
	}

	private Mono<Answer> call(HttpMethod method, String request, Function<UriBuilder, URI> uri) {
		return this.webClient.method(method)
			.uri(uri)
			.exchangeToMono((response) -> response.bodyToMono(byte[].class)
				.defaultIfEmpty(new byte[0])
				.map((body) -> new Answer(response.statusCode().value(), body)))
			.transform((exchange) -> bounded(request, exchange, this.deadline));
	}

	/** A call with a response timeout and a deadline of its own. */
	private Mono<Answer> call(HttpMethod method, String request, Function<UriBuilder, URI> uri,
			Duration responseTimeout, Duration deadline) {
		return this.webClient.method(method)
			.uri(uri)
			.httpRequest((http) -> ((HttpClientRequest) http.getNativeRequest()).responseTimeout(responseTimeout))
			.exchangeToMono((response) -> response.bodyToMono(byte[].class)
				.defaultIfEmpty(new byte[0])
				.map((body) -> new Answer(response.statusCode().value(), body)))
			.transform((exchange) -> bounded(request, exchange, deadline));
	}

	/**
	 * Hold an exchange to the hard deadline and turn every failure into a
	 * {@link ConnectCallException}: whatever the server does, a call ends, and with a
	 * typed error.
	 */
	private <T> Mono<T> bounded(String request, Mono<T> exchange) {
		return bounded(request, exchange, this.deadline);
	}

	private <T> Mono<T> bounded(String request, Mono<T> exchange, Duration deadline) {
		return exchange
			.timeout(deadline,
					Mono.error(
							() -> ConnectCallException.timeout(request, "within " + deadline.toMillis() + " ms", null)))
			.onErrorMap((ex) -> !(ex instanceof ConnectCallException), (ex) -> translate(request, ex));
	}

	private static boolean isNotFound(Throwable ex) {
		return ex instanceof ConnectCallException call && call.isStatus(404);
	}

	static ConnectCallException translate(String request, Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof io.netty.handler.timeout.ReadTimeoutException || cause instanceof TimeoutException) {
				return ConnectCallException.timeout(request, "within the response timeout", ex);
			}
			if (cause instanceof io.netty.channel.ConnectTimeoutException) {
				return ConnectCallException.timeout(request, "while connecting (connect timeout)", ex);
			}
			if (cause instanceof ConnectException) {
				return ConnectCallException.unreachable(request, "connection refused", ex);
			}
			if (cause instanceof UnknownHostException) {
				return ConnectCallException.unreachable(request, "unknown host " + cause.getMessage(), ex);
			}
			if (cause instanceof SSLException) {
				return ConnectCallException.unreachable(request, "TLS failed: " + cause.getMessage(), ex);
			}
			if (cause instanceof DataBufferLimitException) {
				return ConnectCallException.malformed(request,
						"answer larger than " + SMALL_ANSWER_LIMIT / 1024 + " KiB, more than such an answer can be",
						ex);
			}
		}
		if (ex instanceof IOException || ex.getCause() instanceof IOException) {
			return ConnectCallException.unreachable(request, "connection failed: " + rootMessage(ex), ex);
		}
		return ConnectCallException.unreachable(request, rootMessage(ex), ex);
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

	/**
	 * One answer from Connect, read whole.
	 */
	private record Answer(int status, byte[] body) {

		void requireSuccess(String request) {
			if (this.status < 200 || this.status > 299) {
				throw ConnectCallException.httpStatus(request, this.status, ConnectJson.errorMessage(this.body));
			}
		}

	}

}
