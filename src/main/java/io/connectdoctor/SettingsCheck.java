package io.connectdoctor;

import java.util.List;

import io.connectdoctor.connect.ConnectEndpoint;
import io.connectdoctor.connect.ConnectProperties;
import io.connectdoctor.healing.HealingProperties;
import io.connectdoctor.health.ConnectorFilter;
import io.connectdoctor.health.DevshawnProperties;
import io.connectdoctor.health.HealthProperties;
import io.connectdoctor.metrics.MetricsProperties;
import io.connectdoctor.settings.InvalidSettingException;
import io.connectdoctor.stuck.KafkaProperties;
import io.connectdoctor.stuck.StuckProperties;
import io.connectdoctor.target.TargetProperties;
import io.connectdoctor.target.WorkerTarget;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.Environment;

/**
 * Checks every setting before anything starts: it runs when every property source is in
 * but before any bean exists, so the first poll, the web server and the healer never run
 * on a wrong setting, and a wrong one prints its one clear message and little else. Binds
 * each settings record (their constructors check the ranges), compiles the patterns and
 * parses the URL and worker ids, as the beans would later, and checks the ports, which
 * Spring Boot would take as "none" ({@code -1}) or "any" ({@code 0}).
 *
 * @author connect-doctor
 */
final class SettingsCheck implements BeanFactoryPostProcessor, EnvironmentAware, PriorityOrdered {

	private static final List<String> PORTS = List.of("server.port", "management.server.port");

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public int getOrder() {
		return HIGHEST_PRECEDENCE;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		Binder binder = Binder.get(this.environment);
		for (String port : PORTS) {
			checkPort(binder, port);
		}
		ConnectEndpoint.from(bind(binder, "connect-doctor.connect", ConnectProperties.class));
		HealthProperties health = bind(binder, "connect-doctor.health", HealthProperties.class);
		new ConnectorFilter(health.include(), health.exclude(), "connect-doctor.health");
		HealingProperties healing = bind(binder, "connect-doctor.healing", HealingProperties.class);
		new ConnectorFilter(healing.include(), healing.exclude(), "connect-doctor.healing");
		healing.compiledQuarantinePatterns();
		TargetProperties target = bind(binder, "connect-doctor.target", TargetProperties.class);
		WorkerTarget.of(target.workerIds());
		bind(binder, "connect-doctor.metrics", MetricsProperties.class);
		bind(binder, "connect-doctor.devshawn", DevshawnProperties.class);
		KafkaProperties kafka = bind(binder, "connect-doctor.kafka", KafkaProperties.class);
		bind(binder, "connect-doctor.stuck", StuckProperties.class).compiledSourceInclude();
		if (kafka.isConfigured()) {
			kafka.check();
		}
	}

	private static void checkPort(Binder binder, String property) {
		String text;
		try {
			text = binder.bind(property, String.class).orElse(null);
		}
		catch (BindException ex) {
			throw new InvalidSettingException(property, "cannot be read (" + ex.getMessage() + ")", ex);
		}
		if (text == null) {
			return;
		}
		int port;
		try {
			port = Integer.parseInt(text.strip());
		}
		catch (NumberFormatException ex) {
			throw new InvalidSettingException(property, "'" + text + "' is not a port (1-65535)");
		}
		if (port == 0 && "onRefresh".equals(binder.bind("spring.context.exit", String.class).orElse(null))) {
			// A class-data sharing training run (the Dockerfile's): it exits before it
			// serves anything, so any free port will do.
			return;
		}
		if (port < 1 || port > 65535) {
			throw new InvalidSettingException(property,
					"'" + text + "' is not a port (1-65535)"
							+ ((port == 0) ? "; 0 would pick a random port, which no probe could find"
									: (port < 0) ? "; a negative port would start no listener at all" : ""));
		}
	}

	/**
	 * Bind a settings record as the application will; a range check that fails is an
	 * {@link InvalidSettingException} inside the bind failure, reported as such.
	 */
	private static <T> T bind(Binder binder, String prefix, Class<T> type) {
		try {
			return binder.bindOrCreate(prefix, type);
		}
		catch (BindException ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof InvalidSettingException invalid) {
					throw invalid;
				}
			}
			throw ex;
		}
	}

}
