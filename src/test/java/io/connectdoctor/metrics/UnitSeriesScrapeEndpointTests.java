package io.connectdoctor.metrics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import io.connectdoctor.connect.ClusterSnapshot;
import io.connectdoctor.connect.ClusterStatus;
import io.connectdoctor.connect.ConnectorStatus;
import io.connectdoctor.connect.PollState;
import io.connectdoctor.connect.ReadMethod;
import io.connectdoctor.connect.State;
import io.connectdoctor.connect.TaskStatus;
import io.connectdoctor.connect.WorkerHealth;
import io.connectdoctor.connect.WorkerSelector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusOutputFormat;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scrape with the per-unit series written once per poll says line for line what
 * Boot's own scrape says, in both text formats, and writes the series again only after a
 * new poll.
 *
 * @author connect-doctor
 */
class UnitSeriesScrapeEndpointTests {

	private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

	private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final UnitStateCollector units = new UnitStateCollector(new MetricsProperties(true, 50_000));

	private final PrometheusScrapeEndpoint boot = new PrometheusScrapeEndpoint(this.prometheus.getPrometheusRegistry(),
			null);

	private final UnitSeriesScrapeEndpoint cached = new UnitSeriesScrapeEndpoint(
			this.prometheus.getPrometheusRegistry(), null, this.units);

	UnitSeriesScrapeEndpointTests() {
		this.prometheus.getPrometheusRegistry().register(this.units);
		Counter.builder("connect.doctor.example").register(this.prometheus).increment();
	}

	@ParameterizedTest
	@EnumSource(value = PrometheusOutputFormat.class, names = { "CONTENT_TYPE_004", "CONTENT_TYPE_OPENMETRICS_100" })
	void sameLinesAsBootsOwnScrape(PrometheusOutputFormat format) {
		this.units.onPoll(poll(connector("orders", task(0, State.FAILED), task(1, State.RUNNING)),
				connector("billing\"quoted\\", task(0, State.RUNNING))));
		String ours = text(this.cached, format);
		String theirs = text(this.boot, format);
		assertThat(sorted(ours)).isEqualTo(sorted(theirs));
		assertThat(ours)
			.contains("connect_task_state{connector=\"orders\",state=\"failed\",task=\"0\",worker=\"w0\"} 1")
			.contains("connect_doctor_example");
		if (format == PrometheusOutputFormat.CONTENT_TYPE_OPENMETRICS_100) {
			assertThat(ours).endsWith("# EOF\n");
			assertThat(ours.split("# EOF", -1)).hasSize(2);
		}
	}

	@Test
	void seriesAreWrittenAgainOnlyWhenAUnitChanged() {
		this.units.onPoll(poll(connector("orders", task(0, State.FAILED))));
		var writer = io.prometheus.metrics.expositionformats.ExpositionFormats.init().getPrometheusTextFormatWriter();
		byte[] first = this.units.text(writer, false);
		assertThat(this.units.text(writer, false)).isSameAs(first);
		// A new poll reading the same states: the same text.
		this.units.onPoll(poll(connector("orders", task(0, State.FAILED))));
		assertThat(this.units.text(writer, false)).isSameAs(first);
		// Another format: written for it.
		assertThat(this.units.text(
				io.prometheus.metrics.expositionformats.ExpositionFormats.init().getOpenMetricsTextFormatWriter(),
				true))
			.isNotSameAs(first);
		this.units.onPoll(poll(connector("orders", task(0, State.RUNNING))));
		byte[] next = this.units.text(writer, false);
		assertThat(next).isNotSameAs(first);
		// The same states on another worker: other series.
		this.units.onPoll(poll(new ConnectorStatus("orders", "sink", State.RUNNING, "w1", null,
				List.of(new TaskStatus("orders", 0, State.RUNNING, "w0", null)))));
		assertThat(this.units.text(writer, false)).isNotSameAs(next);
		this.units.onPoll(poll(connector("orders", task(0, State.RUNNING))));
		next = this.units.text(writer, false);
		assertThat(new String(next, StandardCharsets.UTF_8))
			.contains("connect_task_state{connector=\"orders\",state=\"running\",task=\"0\",worker=\"w0\"} 1");
	}

	@Test
	void scrapeOfSomeMetricsByNameIsBootsOwn() {
		this.units.onPoll(poll(connector("orders", task(0, State.FAILED))));
		String ours = text(this.cached, PrometheusOutputFormat.CONTENT_TYPE_004, Set.of("connect_task_state"));
		assertThat(ours)
			.isEqualTo(text(this.boot, PrometheusOutputFormat.CONTENT_TYPE_004, Set.of("connect_task_state")))
			.contains("connect_task_state{")
			.doesNotContain("connect_doctor_example");
	}

	private static String text(PrometheusScrapeEndpoint endpoint, PrometheusOutputFormat format) {
		return text(endpoint, format, null);
	}

	private static String text(PrometheusScrapeEndpoint endpoint, PrometheusOutputFormat format, Set<String> names) {
		return new String(endpoint.scrape(format, names).getBody(), StandardCharsets.UTF_8);
	}

	private static List<String> sorted(String scrape) {
		return Arrays.stream(scrape.split("\n")).sorted().toList();
	}

	private static PollState poll(ConnectorStatus... connectors) {
		TreeMap<String, ConnectorStatus> byName = new TreeMap<>();
		Arrays.stream(connectors).forEach((c) -> byName.put(c.name(), c));
		return new PollState(
				ClusterSnapshot.of(T0, new ClusterStatus(byName, ReadMethod.EXPANDED, List.copyOf(byName.keySet())),
						WorkerSelector.EVERY_WORKER),
				new WorkerHealth(WorkerHealth.Status.HEALTHY, WorkerHealth.Source.KIP_1017, "ok"), null, T0,
				Duration.ZERO);
	}

	private static ConnectorStatus connector(String name, TaskStatus... tasks) {
		List<TaskStatus> named = Arrays.stream(tasks)
			.map((t) -> new TaskStatus(name, t.id(), t.state(), t.workerId(), t.trace()))
			.toList();
		return new ConnectorStatus(name, "sink", State.RUNNING, "w0", null, named);
	}

	private static TaskStatus task(int id, State state) {
		return new TaskStatus("", id, state, "w0", null);
	}

}
