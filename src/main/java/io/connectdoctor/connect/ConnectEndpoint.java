package io.connectdoctor.connect;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.connectdoctor.settings.InvalidSettingException;
import org.jspecify.annotations.Nullable;

import org.springframework.web.util.UriUtils;

/**
 * The Connect worker's REST address with the credentials taken out of it, so the address
 * can be logged and shown while the password never is.
 *
 * @param baseUrl the URL without user info, e.g. {@code https://connect-0:8083}
 * @param host the host, as written in the URL
 * @param port the port, explicit or the scheme's default
 * @param username the Basic auth user, or {@code null}
 * @param password the Basic auth password, or {@code null}
 * @author connect-doctor
 */
public record ConnectEndpoint(String baseUrl, String host, int port, @Nullable String username,
		@Nullable String password) {

	static final String URL_PROPERTY = "connect-doctor.connect.url";

	@Override
	public String toString() {
		return "ConnectEndpoint[" + this.baseUrl + ((this.username != null) ? ", user " + this.username : "") + "]";
	}

	/**
	 * Return whether requests carry Basic auth credentials.
	 * @return whether a user is set
	 */
	public boolean hasCredentials() {
		return this.username != null;
	}

	/**
	 * Take the address and credentials out of the settings.
	 * @param properties how to reach Connect
	 * @return the endpoint
	 * @throws io.connectdoctor.settings.InvalidSettingException when the URL is wrong
	 */
	public static ConnectEndpoint from(ConnectProperties properties) {
		// The user info is taken off the text before anything parses or checks the URL,
		// so
		// no message can echo a password, whatever characters it holds.
		String url = properties.url().strip();
		String userInfo = userInfo(url);
		URI uri = parse(withoutUserInfo(url));
		String username = properties.username();
		String password = properties.password();
		if (userInfo != null && (username == null || username.isEmpty())) {
			String[] parts = userInfo.split(":", 2);
			username = decode(parts[0]);
			password = (parts.length > 1) ? decode(parts[1]) : password;
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
		String base = base(uri);
		if (base.endsWith("/")) {
			base = base.substring(0, base.length() - 1);
		}
		return new ConnectEndpoint(base, uri.getHost(), port,
				(username == null || username.isEmpty()) ? null : username, password);
	}

	private static URI parse(String url) {
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			throw new InvalidSettingException(URL_PROPERTY, "not a URL (" + ex.getReason() + ")");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (!"http".equals(scheme) && !"https".equals(scheme)) {
			throw new InvalidSettingException(URL_PROPERTY,
					"'" + withoutUserInfo(url) + "' must start with http:// or https://");
		}
		if (uri.getHost() == null) {
			throw new InvalidSettingException(URL_PROPERTY, "'" + withoutUserInfo(url) + "' has no host");
		}
		if (uri.getQuery() != null || uri.getFragment() != null) {
			throw new InvalidSettingException(URL_PROPERTY,
					"'" + withoutUserInfo(url) + "' must not have a query or fragment");
		}
		return uri;
	}

	/**
	 * Return the URL with any {@code user:password@} removed, for messages and logs.
	 * Works on the text, so it also cleans URLs that {@link URI} cannot parse or reads as
	 * having no host. Everything between {@code ://} and the last {@code @} is user info:
	 * a password may hold {@code /}, {@code ?}, {@code #} or {@code @} unencoded, and a
	 * host never holds {@code @}. (A path with an {@code @} loses more than it must here,
	 * never less.)
	 */
	static String withoutUserInfo(String url) {
		String text = url.strip();
		int authorityStart = authorityStart(text);
		int at = text.lastIndexOf('@');
		return (at >= authorityStart) ? text.substring(0, authorityStart) + text.substring(at + 1) : text;
	}

	private static @Nullable String userInfo(String text) {
		int authorityStart = authorityStart(text);
		int at = text.lastIndexOf('@');
		return (at >= authorityStart) ? text.substring(authorityStart, at) : null;
	}

	private static int authorityStart(String text) {
		int scheme = text.indexOf("://");
		return (scheme >= 0) ? scheme + 3 : 0;
	}

	private static String base(URI uri) {
		try {
			return new URI(uri.getScheme().toLowerCase(Locale.ROOT), null, uri.getHost(), uri.getPort(), uri.getPath(),
					null, null)
				.toString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Percent-decodes user info; {@code +} stays a plus (it is not a form). Text that is
	 * not valid percent-encoding (a raw {@code %} in a password) is taken as it is.
	 */
	private static String decode(String text) {
		try {
			return UriUtils.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return text;
		}
	}

}
