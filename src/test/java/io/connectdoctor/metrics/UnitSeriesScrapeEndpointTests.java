package io.connectdoctor.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
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

import org.springframework.core.io.Resource;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusOutputFormat;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scrape with the per-unit series streamed says line for line what Boot's own scrape
 * says, in both text formats, after every poll.
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

	@ParameterizedTest
	@EnumSource(value = PrometheusOutputFormat.class, names = { "CONTENT_TYPE_004", "CONTENT_TYPE_OPENMETRICS_100" })
	void followsEachPollAsBootsOwnScrapeDoes(PrometheusOutputFormat format) {
		this.units.onPoll(poll(connector("orders", task(0, State.FAILED))));
		assertThat(text(this.cached, format))
			.contains("connect_task_state{connector=\"orders\",state=\"failed\",task=\"0\",worker=\"w0\"} 1.0");
		this.units.onPoll(poll(connector("orders", task(0, State.RUNNING), task(1, State.RUNNING)),
				new ConnectorStatus("line\nbreak", "sink", State.FAILED, null, "boom", List.of())));
		String ours = text(this.cached, format);
		assertThat(sorted(ours)).isEqualTo(sorted(text(this.boot, format)));
		assertThat(ours)
			.contains("connect_task_state{connector=\"orders\",state=\"running\",task=\"0\",worker=\"w0\"} 1.0")
			.contains("connect_connector_tasks{connector=\"orders\",state=\"running\"} 2.0")
			.contains("connect_connector_state{connector=\"line\\nbreak\",state=\"failed\",worker=\"none\"} 1.0")
			.doesNotContain("state=\"failed\",task=\"0\",worker=\"w0\"} 1.0");
	}

	@Test
	void aPollWithoutUnitsHasNoUnitSeries() {
		this.units.onPoll(poll());
		String ours = text(this.cached, PrometheusOutputFormat.CONTENT_TYPE_004);
		assertThat(ours).doesNotContain("connect_task_state").doesNotContain("connect_connector_state");
		assertThat(sorted(ours)).isEqualTo(sorted(text(this.boot, PrometheusOutputFormat.CONTENT_TYPE_004)));
	}

	@Test
	void aScrapeOfManyUnitsIsStreamedWhole() {
		ConnectorStatus[] many = new ConnectorStatus[2000];
		for (int i = 0; i < many.length; i++) {
			many[i] = connector(String.format("connector-%05d", i), task(0, State.RUNNING), task(1, State.FAILED),
					task(2, State.RUNNING), task(3, State.PAUSED));
		}
		this.units.onPoll(poll(many));
		String ours = text(this.cached, PrometheusOutputFormat.CONTENT_TYPE_OPENMETRICS_100);
		assertThat(ours.length()).isGreaterThan(1024 * 1024);
		assertThat(sorted(ours))
			.isEqualTo(sorted(text(this.boot, PrometheusOutputFormat.CONTENT_TYPE_OPENMETRICS_100)));
		assertThat(ours).endsWith("# EOF\n");
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
		Object body = endpoint.scrape(format, names).getBody();
		try {
			byte[] bytes = (body instanceof Resource resource) ? resource.getInputStream().readAllBytes()
					: (byte[]) body;
			return new String(bytes, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
