package io.connectdoctor.connect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import io.connectdoctor.settings.InvalidSettingException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Builds the TLS context for HTTPS to Connect from the configured trust and key stores.
 * Every problem (a missing file, a wrong password, a wrong type) stops start-up naming
 * the property.
 *
 * @author connect-doctor
 */
final class ConnectTls {

	private static final String PREFIX = "connect-doctor.connect.ssl.";

	private ConnectTls() {
	}

	/**
	 * Return the TLS context, or {@code null} when no store is configured (the JVM's
	 * default trust then applies to HTTPS).
	 */
	static @Nullable SslContext context(ConnectProperties.Ssl ssl) {
		if (isEmpty(ssl.trustStore()) && isEmpty(ssl.keyStore())) {
			return null;
		}
		SslContextBuilder builder = SslContextBuilder.forClient();
		if (!isEmpty(ssl.trustStore())) {
			KeyStore trust = load("trust-store", ssl.trustStore(), ssl.trustStoreType(), ssl.trustStorePassword());
			try {
				TrustManagerFactory factory = TrustManagerFactory
					.getInstance(TrustManagerFactory.getDefaultAlgorithm());
				factory.init(trust);
				builder.trustManager(factory);
			}
			catch (GeneralSecurityException ex) {
				throw new InvalidSettingException(PREFIX + "trust-store", "unusable (" + ex.getMessage() + ")", ex);
			}
		}
		if (!isEmpty(ssl.keyStore())) {
			KeyStore keys = load("key-store", ssl.keyStore(), ssl.keyStoreType(), ssl.keyStorePassword());
			String keyPassword = isEmpty(ssl.keyPassword()) ? ssl.keyStorePassword() : ssl.keyPassword();
			try {
				KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
				factory.init(keys, (keyPassword != null) ? keyPassword.toCharArray() : new char[0]);
				builder.keyManager(factory);
			}
			catch (GeneralSecurityException ex) {
				throw new InvalidSettingException(PREFIX + "key-password",
						"cannot read the key in " + ssl.keyStore() + " (" + ex.getMessage() + ")", ex);
			}
		}
		try {
			return builder.build();
		}
		catch (SSLException ex) {
			throw new InvalidSettingException(PREFIX + "trust-store",
					"cannot build TLS context (" + ex.getMessage() + ")", ex);
		}
	}

	private static KeyStore load(String name, String location, String type, String password) {
		KeyStore store;
		try {
			store = KeyStore.getInstance(type);
		}
		catch (GeneralSecurityException ex) {
			throw new InvalidSettingException(PREFIX + name + "-type", "unknown store type '" + type + "'", ex);
		}
		try (InputStream in = Files.newInputStream(Path.of(location))) {
			store.load(in, (password != null) ? password.toCharArray() : null);
			return store;
		}
		catch (NoSuchFileException ex) {
			throw new InvalidSettingException(PREFIX + name, "file not found: " + location, ex);
		}
		catch (IOException | GeneralSecurityException ex) {
			// A wrong password surfaces here as an IOException; its message holds no
			// secret.
			throw new InvalidSettingException(PREFIX + name, "cannot read " + location + " as " + type + " ("
					+ ex.getMessage() + "); check its password and type", ex);
		}
	}

	private static boolean isEmpty(String value) {
		return value == null || value.isBlank();
	}

}
