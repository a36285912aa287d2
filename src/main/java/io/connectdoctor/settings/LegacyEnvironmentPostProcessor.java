package io.connectdoctor.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes the environment variables of the two tools connect-doctor replaces work
 * unchanged, so switching is a change of image:
 * <ul>
 * <li>Doctor Kafka Connect: {@code KAFKA_CONNECT_HOSTNAME} (a host, or a full URL such as
 * {@code https://user:pass@host}), {@code KAFKA_CONNECT_PORT}, {@code HEALTHCHECK_PORT},
 * {@code KAFKA_CONNECT_TARGET_WORKER_IDS}, {@code LOG_LEVEL};</li>
 * <li>Connector Guardian: {@code KAFKA_CONNECT_HOST}, {@code KAFKA_CONNECT_PORT},
 * {@code KAFKA_CONNECT_PROTOCOL} (or {@code KAFKA_CONNECT_PROTO}, as its list names it),
 * {@code KAFKA_CONNECT_USER}, {@code KAFKA_CONNECT_PASS}, {@code MAX_RESTART},
 * {@code EXPONENTIAL_RATIO}.</li>
 * </ul>
 * They map onto connect-doctor's own properties with the lowest precedence, so a
 * {@code connect-doctor.*} property set any other way wins. A bad value stops start-up
 * naming the variable.
 *
 * @author connect-doctor
 */
public final class LegacyEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "connectDoctorLegacyEnvironment";

	private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, map(environment::getProperty)));
	}

	/**
	 * Map the legacy variables to connect-doctor properties.
	 * @param env looks up a variable, {@code null} when unset
	 * @return the properties they set
	 * @throws InvalidSettingException when a variable has a bad value
	 */
	public static Map<String, Object> map(java.util.function.Function<String, String> variables) {
		java.util.function.Function<String, String> env = withProtoAlias(variables);
		Map<String, Object> properties = new LinkedHashMap<>();
		String url = connectUrl(env);
		if (url != null) {
			properties.put("connect-doctor.connect.url", url);
		}
		putIfSet(properties, "connect-doctor.connect.username", value(env, "KAFKA_CONNECT_USER"));
		putIfSet(properties, "connect-doctor.connect.password", value(env, "KAFKA_CONNECT_PASS"));
		putIfSet(properties, "connect-doctor.target.worker-ids", value(env, "KAFKA_CONNECT_TARGET_WORKER_IDS"));
		// The default port lives here rather than in application.yaml, which would
		// outrank HEALTHCHECK_PORT.
		String healthcheckPort = value(env, "HEALTHCHECK_PORT");
		properties.put("server.port",
				(healthcheckPort != null) ? String.valueOf(port("HEALTHCHECK_PORT", healthcheckPort)) : "18083");
		String maxRestart = value(env, "MAX_RESTART");
		if (maxRestart != null) {
			properties.put("connect-doctor.healing.max-restarts", String.valueOf(maxRestart(maxRestart)));
		}
		String ratio = value(env, "EXPONENTIAL_RATIO");
		if (ratio != null) {
			properties.put("connect-doctor.healing.multiplier", String.valueOf(ratio(ratio)));
		}
		String logLevel = value(env, "LOG_LEVEL");
		if (logLevel != null) {
			properties.put("logging.level.io.connectdoctor", logLevel("LOG_LEVEL", logLevel));
		}
		devshawn(env, properties);
		return properties;
	}

	/**
	 * Connector Guardian lists {@code KAFKA_CONNECT_PROTO} among its variables but reads
	 * {@code KAFKA_CONNECT_PROTOCOL}: either is taken, and both with different values is
	 * an error.
	 */
	private static java.util.function.Function<String, String> withProtoAlias(
			java.util.function.Function<String, String> env) {
		String proto = value(env, "KAFKA_CONNECT_PROTO");
		String protocol = value(env, "KAFKA_CONNECT_PROTOCOL");
		if (proto != null && protocol != null && !proto.equalsIgnoreCase(protocol)) {
			throw new InvalidSettingException("KAFKA_CONNECT_PROTO",
					"is '" + proto + "' but KAFKA_CONNECT_PROTOCOL is '" + protocol
							+ "'; they name the same setting (Connector Guardian lists one, reads the other): set one");
		}
		if (proto == null || protocol != null) {
			return env;
		}
		return (name) -> "KAFKA_CONNECT_PROTOCOL".equals(name) ? proto : env.apply(name);
	}

	/**
	 * devshawn/kafka-connect-healthcheck's variables. Where one names what a variable of
	 * Doctor Kafka Connect or Connector Guardian also names, setting both is an error.
	 */
	private static void devshawn(java.util.function.Function<String, String> env, Map<String, Object> properties) {
		conflict(env, "HEALTHCHECK_CONNECT_URL", "KAFKA_CONNECT_HOSTNAME", "KAFKA_CONNECT_HOST", "KAFKA_CONNECT_PORT",
				"KAFKA_CONNECT_PROTOCOL");
		conflict(env, "HEALTHCHECK_CONNECT_WORKER_ID", "KAFKA_CONNECT_TARGET_WORKER_IDS");
		conflict(env, "HEALTHCHECK_BASIC_AUTH", "KAFKA_CONNECT_USER", "KAFKA_CONNECT_PASS");
		conflict(env, "HEALTHCHECK_LOG_LEVEL", "LOG_LEVEL");
		String url = value(env, "HEALTHCHECK_CONNECT_URL");
		if (url != null) {
			properties.put("connect-doctor.connect.url", url);
		}
		String workerId = value(env, "HEALTHCHECK_CONNECT_WORKER_ID");
		if (workerId != null) {
			properties.put("connect-doctor.target.worker-ids", workerId);
		}
		else if (url != null) {
			// devshawn's tool counts every worker when no worker id is given.
			properties.put("connect-doctor.target.mode", "cluster");
		}
		putIfSet(properties, "connect-doctor.health.failing-states", value(env, "HEALTHCHECK_UNHEALTHY_STATES"));
		putIfSet(properties, "connect-doctor.devshawn.considered-containers",
				value(env, "HEALTHCHECK_CONSIDERED_CONTAINERS"));
		putIfSet(properties, "connect-doctor.devshawn.failure-threshold-percentage",
				value(env, "HEALTHCHECK_FAILURE_THRESHOLD_PERCENTAGE"));
		String auth = value(env, "HEALTHCHECK_BASIC_AUTH");
		if (auth != null) {
			int colon = auth.indexOf(':');
			if (colon < 1) {
				// The value is not echoed: it holds a password.
				throw new InvalidSettingException("HEALTHCHECK_BASIC_AUTH", "must be user:password");
			}
			properties.put("connect-doctor.connect.username", auth.substring(0, colon));
			properties.put("connect-doctor.connect.password", auth.substring(colon + 1));
		}
		String logLevel = value(env, "HEALTHCHECK_LOG_LEVEL");
		if (logLevel != null) {
			properties.put("logging.level.io.connectdoctor", logLevel("HEALTHCHECK_LOG_LEVEL", logLevel));
		}
	}

	private static void conflict(java.util.function.Function<String, String> env, String devshawn, String... others) {
		if (value(env, devshawn) == null) {
			return;
		}
		for (String other : others) {
			if (value(env, other) != null) {
				throw new InvalidSettingException(devshawn, "is set together with " + other
						+ ", which names the same thing for another tool; keep one of the two");
			}
		}
	}

	private static String logLevel(String variable, String text) {
		// Python's names too, as devshawn's tool takes them.
		String level = switch (text.toUpperCase(Locale.ROOT)) {
			case "WARNING" -> "WARN";
			case "CRITICAL", "FATAL" -> "ERROR";
			default -> text.toUpperCase(Locale.ROOT);
		};
		if (!LOG_LEVELS.contains(level)) {
			throw new InvalidSettingException(variable, "'" + text + "' is not one of TRACE, DEBUG, INFO, WARN, ERROR");
		}
		return level;
	}

	private static String connectUrl(java.util.function.Function<String, String> env) {
		String hostname = value(env, "KAFKA_CONNECT_HOSTNAME");
		String hostVariable = "KAFKA_CONNECT_HOSTNAME";
		if (hostname == null) {
			hostname = value(env, "KAFKA_CONNECT_HOST");
			hostVariable = "KAFKA_CONNECT_HOST";
		}
		String portText = value(env, "KAFKA_CONNECT_PORT");
		String protocol = value(env, "KAFKA_CONNECT_PROTOCOL");
		if (hostname == null && portText == null && protocol == null) {
			return null;
		}
		Integer port = (portText != null) ? port("KAFKA_CONNECT_PORT", portText) : null;
		if (protocol != null) {
			protocol = protocol.toLowerCase(Locale.ROOT);
			if (!protocol.equals("http") && !protocol.equals("https")) {
				throw new InvalidSettingException("KAFKA_CONNECT_PROTOCOL",
						"'" + protocol + "' is neither http nor https");
			}
		}
		if (hostname != null && hostname.contains("://")) {
			// Doctor Kafka Connect accepts a whole URL here, credentials included.
			URI uri;
			try {
				uri = new URI(hostname);
			}
			catch (URISyntaxException ex) {
				throw new InvalidSettingException(hostVariable, "not a host or URL (" + ex.getReason() + ")");
			}
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
				throw new InvalidSettingException(hostVariable,
						"a URL here must look like http(s)://[user:password@]host[:port]");
			}
			if (uri.getPort() != -1) {
				return hostname;
			}
			String authorityEnd = uri.getRawPath();
			String base = (authorityEnd != null && !authorityEnd.isEmpty())
					? hostname.substring(0, hostname.length() - authorityEnd.length()) : hostname;
			return base + ":" + ((port != null) ? port : 8083) + ((authorityEnd != null) ? authorityEnd : "");
		}
		String host = (hostname != null) ? hostname : "localhost";
		if (host.isBlank() || host.contains("/") || host.contains("@")) {
			throw new InvalidSettingException(hostVariable, "'" + host + "' is not a host name");
		}
		return ((protocol != null) ? protocol : "http") + "://" + host + ":" + ((port != null) ? port : 8083);
	}

	private static int maxRestart(String text) {
		try {
			int limit = Integer.parseInt(text);
			if (limit >= -1) {
				return limit;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw new InvalidSettingException("MAX_RESTART",
				"'" + text + "' is not a restart count (0 or more, -1 for no limit)");
	}

	private static double ratio(String text) {
		try {
			double ratio = Double.parseDouble(text);
			if (ratio >= 1) {
				return ratio;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw new InvalidSettingException("EXPONENTIAL_RATIO", "'" + text + "' is not a multiplier (1 or more)");
	}

	private static int port(String variable, String text) {
		try {
			int port = Integer.parseInt(text);
			if (port >= 1 && port <= 65535) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw new InvalidSettingException(variable, "'" + text + "' is not a port (1-65535)");
	}

	private static String value(java.util.function.Function<String, String> env, String name) {
		String value = env.apply(name);
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static void putIfSet(Map<String, Object> properties, String key, String value) {
		if (value != null) {
			properties.put(key, value);
		}
	}

}
