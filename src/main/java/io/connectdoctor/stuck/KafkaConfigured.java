package io.connectdoctor.stuck;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when {@code connect-doctor.kafka.bootstrap-servers} is set: the stuck-task
 * check and everything that shows it exist only then.
 *
 * @author connect-doctor
 */
public final class KafkaConfigured implements Condition {

	static final String BOOTSTRAP_SERVERS = "connect-doctor.kafka.bootstrap-servers";

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return isConfigured(context.getEnvironment());
	}

	/**
	 * Return whether the stuck-task check is on.
	 * @param environment the environment
	 * @return {@code true} when {@code connect-doctor.kafka.bootstrap-servers} is set
	 */
	public static boolean isConfigured(Environment environment) {
		return StringUtils.hasText(environment.getProperty(BOOTSTRAP_SERVERS));
	}

}
