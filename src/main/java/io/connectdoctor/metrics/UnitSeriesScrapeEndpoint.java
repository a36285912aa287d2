package io.connectdoctor.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;

import io.prometheus.metrics.config.PrometheusPropertiesLoader;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusOutputFormat;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;

/**
 * Boot's {@code /actuator/prometheus}, with the per-unit series written once per poll
 * instead of once per scrape. At N = 10,000 they are almost all of a sidecar's scrape
 * (about 80,000 series, 6.5 MB), and building and writing them again for every scrape was
 * most of its time, though they change only when a poll does. A text scrape (Prometheus
 * 0.0.4 or OpenMetrics, what Prometheus asks for) is the other meters, written as Boot
 * writes them, followed by the units' text as {@link UnitStateCollector#text} keeps it
 * for the latest poll. A protobuf scrape, or one asking for some metrics by name, is
 * Boot's own, unchanged.
 *
 * @author connect-doctor
 */
class UnitSeriesScrapeEndpoint extends PrometheusScrapeEndpoint {

	private static final byte[] EOF = "# EOF\n".getBytes(StandardCharsets.US_ASCII);

	private final PrometheusRegistry registry;

	private final ExpositionFormats formats;

	private final UnitStateCollector units;

	UnitSeriesScrapeEndpoint(PrometheusRegistry registry, @Nullable Properties properties, UnitStateCollector units) {
		super(registry, properties);
		this.registry = registry;
		this.formats = ExpositionFormats.init(
				(properties != null) ? PrometheusPropertiesLoader.load(properties) : PrometheusPropertiesLoader.load());
		this.units = units;
	}

	@Override
	@ReadOperation(producesFrom = PrometheusOutputFormat.class)
	public WebEndpointResponse<byte[]> scrape(PrometheusOutputFormat format, @Nullable Set<String> includedNames) {
		if (format == PrometheusOutputFormat.CONTENT_TYPE_PROTOBUF
				|| (includedNames != null && !includedNames.isEmpty())) {
			return super.scrape(format, includedNames);
		}
		boolean openMetrics = format == PrometheusOutputFormat.CONTENT_TYPE_OPENMETRICS_100;
		ExpositionFormatWriter writer = openMetrics ? this.formats.getOpenMetricsTextFormatWriter()
				: this.formats.getPrometheusTextFormatWriter();
		MetricSnapshots others = this.registry.scrape((name) -> !this.units.getPrometheusNames().contains(name));
		byte[] unitText = this.units.text(writer, openMetrics);
		ByteArrayOutputStream out = new ByteArrayOutputStream(unitText.length + 64 * 1024);
		try {
			writer.write(out, others);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		byte[] head = out.toByteArray();
		int headLength = openMetrics ? withoutEof(head) : head.length;
		byte[] body = Arrays.copyOf(head, headLength + unitText.length + (openMetrics ? EOF.length : 0));
		System.arraycopy(unitText, 0, body, headLength, unitText.length);
		if (openMetrics) {
			System.arraycopy(EOF, 0, body, headLength + unitText.length, EOF.length);
		}
		return new WebEndpointResponse<>(body, format);
	}

	/** The length of an OpenMetrics text without its closing {@code # EOF} line. */
	static int withoutEof(byte[] text) {
		int length = text.length;
		if (length >= EOF.length && Arrays.equals(text, length - EOF.length, length, EOF, 0, EOF.length)) {
			return length - EOF.length;
		}
		return length;
	}

}
