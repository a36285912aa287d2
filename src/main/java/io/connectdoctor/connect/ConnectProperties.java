package io.connectdoctor.connect;

import java.time.Duration;

import io.connectdoctor.settings.InvalidSettingException;
import io.connectdoctor.settings.Require;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How connect-doctor reaches the Kafka Connect REST API.
 *
 * @param url base URL of the Connect worker's REST API; may hold {@code user:password@}
 * (used as Basic auth credentials and removed from the URL)
 * @param username user for HTTP Basic auth; none when empty
 * @param password password for HTTP Basic auth
 * @param connectTimeout deadline to open a TCP (and TLS) connection
 * @param responseTimeout deadline for a whole answer once connected
 * @param healthTimeout deadline for the answer of {@code GET /health} (KIP-1017): longer
 * than the 10 s the worker itself waits for its herder, so a stuck worker is heard saying
 * so (500 and its message) instead of timing out
 * @param pollInterval pause between the end of one poll of the cluster and the start of
 * the next
 * @param statusConcurrency concurrent status calls on clusters older than Kafka 2.3,
 * which need one call per connector
 * @param maxResponseSize largest answer read from Connect (the status of 10,000
 * connectors is about 4 MB)
 * @param ssl trust and key material for HTTPS and mutual TLS
 * @author connect-doctor
 */
@ConfigurationProperties("connect-doctor.connect")
public record ConnectProperties(@DefaultValue("http://localhost:8083") String url, @Nullable String username,
		@Nullable String password, @DefaultValue("2s") Duration connectTimeout,
		@DefaultValue("5s") Duration responseTimeout, @DefaultValue("12s") Duration healthTimeout,
		@DefaultValue("10s") Duration pollInterval, @DefaultValue("8") int statusConcurrency,
		@DefaultValue("64MB") DataSize maxResponseSize, @DefaultValue Ssl ssl) {

	private static final String PREFIX = "connect-doctor.connect.";

	private static final DataSize MIN_RESPONSE_SIZE = DataSize.ofKilobytes(1);

	private static final DataSize MAX_RESPONSE_SIZE = DataSize.ofGigabytes(1);

	public ConnectProperties {
		Require.notBlank(PREFIX + "url", url);
		// Upper bounds too: these become ints (milliseconds, bytes) further down.
		Require.between(PREFIX + "connect-timeout", connectTimeout, Duration.ofMillis(1), Duration.ofMinutes(10));
		Require.between(PREFIX + "response-timeout", responseTimeout, Duration.ofMillis(1), Duration.ofHours(1));
		Require.between(PREFIX + "health-timeout", healthTimeout, Duration.ofMillis(1), Duration.ofHours(1));
		Require.between(PREFIX + "poll-interval", pollInterval, Duration.ofMillis(10), Duration.ofDays(1));
		Require.between(PREFIX + "status-concurrency", statusConcurrency, 1, 64);
		if (maxResponseSize == null || maxResponseSize.toBytes() < MIN_RESPONSE_SIZE.toBytes()
				|| maxResponseSize.toBytes() > MAX_RESPONSE_SIZE.toBytes()) {
			throw new InvalidSettingException(PREFIX + "max-response-size", "must be between 1KB and 1GB (was "
					+ ((maxResponseSize != null) ? maxResponseSize : "not set") + ")");
		}
	}

	@Override
	public String toString() {
		return "ConnectProperties[url=" + ConnectEndpoint.withoutUserInfo(this.url) + ", username=" + this.username
				+ ", password=" + ((this.password != null) ? "******" : null) + ", pollInterval=" + this.pollInterval
				+ "]";
	}

	/**
	 * Trust and key material for HTTPS. Without a trust store the JVM's default trust
	 * applies.
	 *
	 * @param trustStore path of the trust store holding the CA of Connect's certificate
	 * @param trustStorePassword password of the trust store
	 * @param trustStoreType type of the trust store ({@code PKCS12} or {@code JKS})
	 * @param keyStore path of the key store with the client certificate, for mutual TLS
	 * @param keyStorePassword password of the key store
	 * @param keyStoreType type of the key store ({@code PKCS12} or {@code JKS})
	 * @param keyPassword password of the key in the key store; the key store's password
	 * when empty
	 * @param bundle name of a Spring Boot SSL bundle
	 * ({@code spring.ssl.bundle.jks.<name>} or {@code spring.ssl.bundle.pem.<name>}) to
	 * use instead of the stores above
	 */
	public record Ssl(@Nullable String trustStore, @Nullable String trustStorePassword,
			@DefaultValue("PKCS12") String trustStoreType, @Nullable String keyStore, @Nullable String keyStorePassword,
			@DefaultValue("PKCS12") String keyStoreType, @Nullable String keyPassword, @Nullable String bundle) {

		@Override
		public String toString() {
			return "Ssl[trustStore=" + this.trustStore + ", keyStore=" + this.keyStore + ", bundle=" + this.bundle
					+ "]";
		}

	}

}
