package io.connectdoctor.connect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;

import javax.net.ssl.SSLException;

import io.connectdoctor.settings.InvalidSettingException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslStoreBundle;

/**
 * Builds the TLS context for HTTPS to Connect from a Spring Boot SSL bundle: one named by
 * {@code connect-doctor.connect.ssl.bundle} ({@code spring.ssl.bundle.jks.*} or
 * {@code spring.ssl.bundle.pem.*}), or one made from the trust and key store properties.
 * Every problem (an unknown bundle, a missing file, a wrong password, a wrong type) stops
 * start-up naming the property.
 *
 * @author connect-doctor
 */
final class ConnectTls {

	private static final String PREFIX = "connect-doctor.connect.ssl.";

	private ConnectTls() {
	}

	/**
	 * Return the TLS context, or {@code null} when neither a bundle nor a store is
	 * configured (the JVM's default trust then applies to HTTPS).
	 * @param ssl the settings
	 * @param bundles the application's SSL bundles, {@code null} outside the application
	 * (the report command)
	 */
	static @Nullable SslContext context(ConnectProperties.Ssl ssl, @Nullable SslBundles bundles) {
		SslBundle bundle = bundle(ssl, bundles);
		if (bundle == null) {
			return null;
		}
		SslContextBuilder builder = SslContextBuilder.forClient();
		try {
			SslManagerBundle managers = bundle.getManagers();
			builder.trustManager(managers.getTrustManagerFactory());
			builder.keyManager(managers.getKeyManagerFactory());
		}
		catch (IllegalStateException ex) {
			throw new InvalidSettingException(isEmpty(ssl.bundle()) ? PREFIX + "key-password" : PREFIX + "bundle",
					"cannot read the key material (" + ex.getMessage() + ")", ex);
		}
		if (bundle.getOptions().getEnabledProtocols() != null) {
			builder.protocols(bundle.getOptions().getEnabledProtocols());
		}
		if (bundle.getOptions().getCiphers() != null) {
			builder.ciphers(List.of(bundle.getOptions().getCiphers()));
		}
		try {
			return builder.build();
		}
		catch (SSLException ex) {
			throw new InvalidSettingException(isEmpty(ssl.bundle()) ? PREFIX + "trust-store" : PREFIX + "bundle",
					"cannot build TLS context (" + ex.getMessage() + ")", ex);
		}
	}

	private static @Nullable SslBundle bundle(ConnectProperties.Ssl ssl, @Nullable SslBundles bundles) {
		String name = ssl.bundle();
		if (name != null && !name.isBlank()) {
			if (bundles == null) {
				throw new InvalidSettingException(PREFIX + "bundle",
						"SSL bundles are read by the service only; give trust and key stores instead");
			}
			try {
				return bundles.getBundle(name.strip());
			}
			catch (NoSuchSslBundleException ex) {
				throw new InvalidSettingException(PREFIX + "bundle",
						"no SSL bundle named '" + name.strip() + "' (define spring.ssl.bundle.jks." + name.strip()
								+ ".* or spring.ssl.bundle.pem." + name.strip() + ".*)",
						ex);
			}
		}
		if (isEmpty(ssl.trustStore()) && isEmpty(ssl.keyStore())) {
			return null;
		}
		// The store properties, loaded here for errors that name them, as a bundle.
		KeyStore trust = isEmpty(ssl.trustStore()) ? null
				: load("trust-store", ssl.trustStore(), ssl.trustStoreType(), ssl.trustStorePassword());
		KeyStore keys = isEmpty(ssl.keyStore()) ? null
				: load("key-store", ssl.keyStore(), ssl.keyStoreType(), ssl.keyStorePassword());
		String keyPassword = isEmpty(ssl.keyPassword()) ? ssl.keyStorePassword() : ssl.keyPassword();
		return SslBundle.of(SslStoreBundle.of(keys, ssl.keyStorePassword(), trust), SslBundleKey.of(keyPassword));
	}

	private static KeyStore load(String name, String location, String type, @Nullable String password) {
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

	private static boolean isEmpty(@Nullable String value) {
		return value == null || value.isBlank();
	}

}
