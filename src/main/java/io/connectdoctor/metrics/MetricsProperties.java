package io.connectdoctor.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What connect-doctor's metrics cover.
 *
 * @param taskSeries whether to publish one state set per task; switch off for very large
 * clusters, the per-connector counts of tasks by state stay
 * @author connect-doctor
 */
@ConfigurationProperties("connect-doctor.metrics")
public record MetricsProperties(@DefaultValue("true") boolean taskSeries) {

}
