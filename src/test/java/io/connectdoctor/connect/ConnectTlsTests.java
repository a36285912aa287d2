package io.connectdoctor.connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.connectdoctor.settings.InvalidSettingException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.jks.JksSslStoreBundle;
import org.springframework.boot.ssl.jks.JksSslStoreDetails;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * HTTPS to Connect with a custom trust store and a client certificate (mutual TLS), with
 * key material made by the JDK's {@code keytool} for this run.
 *
 * @author connect-doctor
 */
class ConnectTlsTests {

	private static final String PASSWORD = "changeit";

	private static Path stores;

	@RegisterExtension
	static WireMockExtension connect = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicHttpsPort()
			.httpDisabled(true)
			.keystorePath(keyMaterial().resolve("server.p12").toString())
			.keystorePassword(PASSWORD)
			.keyManagerPassword(PASSWORD)
			.keystoreType("PKCS12")
			.needClientAuth(true)
			.trustStorePath(stores.resolve("server-trust.p12").toString())
			.trustStorePassword(PASSWORD)
			.trustStoreType("PKCS12"))
		.build();

	@BeforeEach
	void stubConnect() {
		connect.stubFor(get("/connectors?expand=status").willReturn(okJson("{}")));
	}

	@Test
	void httpsWithTrustStoreAndClientCertificateReadsConnect() {
		ClusterStatus status = client(ssl("client-trust.p12", "client.p12")).clusterStatus().block();
		assertThat(status.connectors()).isEmpty();
	}

	@Test
	void httpsWithoutClientCertificateIsRefusedAsUnreachable() {
		assertThatExceptionOfType(ConnectCallException.class)
			.isThrownBy(() -> client(ssl("client-trust.p12", null)).clusterStatus().block())
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(ConnectCallException.Kind.UNREACHABLE));
	}

	@Test
	void httpsToAnUntrustedCertificateFailsWithTlsReason() {
		assertThatExceptionOfType(ConnectCallException.class)
			.isThrownBy(() -> client(ssl(null, "client.p12")).clusterStatus().block())
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(ConnectCallException.Kind.UNREACHABLE))
			.withMessageContaining("TLS");
	}

	@Test
	void missingTrustStoreIsRejectedNamingTheProperty() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> ConnectTls.context(new ConnectProperties.Ssl(stores.resolve("nope.p12").toString(),
					PASSWORD, "PKCS12", null, null, "PKCS12", null, null), null))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("connect-doctor.connect.ssl.trust-store"))
			.withMessageContaining("file not found");
	}

	@Test
	void wrongKeyStorePasswordIsRejectedWithoutPrintingIt() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> ConnectTls.context(new ConnectProperties.Ssl(null, null, "PKCS12",
					stores.resolve("client.p12").toString(), "wrong-password-123", "PKCS12", null, null), null))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("connect-doctor.connect.ssl.key-store"))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("wrong-password-123"));
	}

	@Test
	void httpsWithASpringSslBundleReadsConnect() {
		DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry();
		bundles.registerBundle("connect", SslBundle.of(new JksSslStoreBundle(
				new JksSslStoreDetails("PKCS12", null, stores.resolve("client.p12").toString(), PASSWORD),
				new JksSslStoreDetails("PKCS12", null, stores.resolve("client-trust.p12").toString(), PASSWORD))));
		ConnectProperties.Ssl ssl = new ConnectProperties.Ssl(null, null, "PKCS12", null, null, "PKCS12", null,
				"connect");
		ClusterStatus status = new ConnectClient(WebClient.builder(), properties(ssl), bundles, 2000).clusterStatus()
			.block();
		assertThat(status.connectors()).isEmpty();
	}

	@Test
	void unknownSslBundleIsRejectedNamingTheProperty() {
		ConnectProperties.Ssl ssl = new ConnectProperties.Ssl(null, null, "PKCS12", null, null, "PKCS12", null, "nope");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> ConnectTls.context(ssl, new DefaultSslBundleRegistry()))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("connect-doctor.connect.ssl.bundle"))
			.withMessageContaining("spring.ssl.bundle.jks.nope");
	}

	private static ConnectProperties.Ssl ssl(String trustStore, String keyStore) {
		return new ConnectProperties.Ssl((trustStore != null) ? stores.resolve(trustStore).toString() : null, PASSWORD,
				"PKCS12", (keyStore != null) ? stores.resolve(keyStore).toString() : null, PASSWORD, "PKCS12", null,
				null);
	}

	private static ConnectClient client(ConnectProperties.Ssl ssl) {
		return new ConnectClient(WebClient.builder(), properties(ssl));
	}

	private static ConnectProperties properties(ConnectProperties.Ssl ssl) {
		return new ConnectProperties("https://localhost:" + connect.getHttpsPort(), null, null, Duration.ofSeconds(2),
				Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(10), 4, DataSize.ofMegabytes(1), ssl);
	}

	/**
	 * A server and a client key pair, each trusted by the other side.
	 */
	private static Path keyMaterial() {
		try {
			stores = Files.createTempDirectory("connect-doctor-tls");
			keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
					"-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", "server.p12");
			keytool("-exportcert", "-alias", "server", "-keystore", "server.p12", "-file", "server.cer");
			keytool("-importcert", "-noprompt", "-alias", "server", "-file", "server.cer", "-keystore",
					"client-trust.p12");
			keytool("-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-dname",
					"CN=connect-doctor", "-validity", "2", "-keystore", "client.p12");
			keytool("-exportcert", "-alias", "client", "-keystore", "client.p12", "-file", "client.cer");
			keytool("-importcert", "-noprompt", "-alias", "client", "-file", "client.cer", "-keystore",
					"server-trust.p12");
			return stores;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void keytool(String... arguments) throws IOException {
		List<String> command = new java.util.ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(arguments));
		command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
		Process process = new ProcessBuilder(command).directory(stores.toFile()).redirectErrorStream(true).start();
		try {
			String out = new String(process.getInputStream().readAllBytes());
			if (process.waitFor() != 0) {
				throw new IOException("keytool failed: " + out);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

}
