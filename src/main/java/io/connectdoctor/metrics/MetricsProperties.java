package io.connectdoctor.metrics;

import io.connectdoctor.settings.Require;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What connect-doctor's metrics cover.
 *
 * @param taskSeries whether to publish one state set per task; switch off for very large
 * clusters, the per-connector counts of tasks by state stay
 * @param maxTaskSeries most per-task series a scrape may hold (six per task); above it
 * the per-task state sets are left out, with one warning, and the per-connector counts
 * stay. Keeps a scrape of a very large cluster from exhausting a sidecar's heap
 * @author connect-doctor
 */
@ConfigurationProperties("connect-doctor.metrics")
public record MetricsProperties(@DefaultValue("true") boolean taskSeries, @DefaultValue("50000") int maxTaskSeries) {

	public MetricsProperties {
		Require.atLeast("connect-doctor.metrics.max-task-series", maxTaskSeries, 0);
	}

}
