package io.connectdoctor.metrics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
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
import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.Resource;

/**
 * Boot's {@code /actuator/prometheus}, with the per-unit series streamed. At N = 10,000
 * they are almost all of a sidecar's scrape (about 80,000 series, 6.5 MB): Boot builds a
 * data point for each, writes them all into one array and copies it, which took 555 ms
 * and lifted the heap by tens of megabytes per scrape. A text scrape (Prometheus 0.0.4 or
 * OpenMetrics, what Prometheus asks for) is the other meters, written as Boot writes
 * them, followed by the units' lines as {@link UnitSeriesText} writes them while the
 * response is sent. A protobuf scrape, or one asking for some metrics by name, is Boot's
 * own, unchanged.
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

	/**
	 * Answer a scrape: a text one streamed (its body a {@link Resource}), any other
	 * Boot's (its body a {@code byte[]}).
	 */
	@Override
	@ReadOperation(producesFrom = PrometheusOutputFormat.class)
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public WebEndpointResponse scrape(PrometheusOutputFormat format, @Nullable Set<String> includedNames) {
		if (format == PrometheusOutputFormat.CONTENT_TYPE_PROTOBUF
				|| (includedNames != null && !includedNames.isEmpty())) {
			return super.scrape(format, includedNames);
		}
		return new WebEndpointResponse<Resource>(textScrape(format), format);
	}

	/**
	 * The text of a scrape in a text format.
	 * @param format Prometheus 0.0.4 or OpenMetrics
	 * @return the text, read once
	 */
	Resource textScrape(PrometheusOutputFormat format) {
		boolean openMetrics = format == PrometheusOutputFormat.CONTENT_TYPE_OPENMETRICS_100;
		ExpositionFormatWriter writer = openMetrics ? this.formats.getOpenMetricsTextFormatWriter()
				: this.formats.getPrometheusTextFormatWriter();
		MetricSnapshots others = this.registry.scrape((name) -> !this.units.getPrometheusNames().contains(name));
		ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
		try {
			writer.write(out, others);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		byte[] head = out.toByteArray();
		int headLength = openMetrics ? withoutEof(head) : head.length;
		List<InputStream> parts = List.of(new ByteArrayInputStream(head, 0, headLength), this.units.text(openMetrics),
				new ByteArrayInputStream(openMetrics ? EOF : new byte[0]));
		return new ScrapeText(new SequenceInputStream(Collections.enumeration(parts)));
	}

	/** The length of an OpenMetrics text without its closing {@code # EOF} line. */
	static int withoutEof(byte[] text) {
		int length = text.length;
		if (length >= EOF.length && Arrays.equals(text, length - EOF.length, length, EOF, 0, EOF.length)) {
			return length - EOF.length;
		}
		return length;
	}

	/**
	 * A scrape's text, read once as it is sent. Its length is not known before: the
	 * answer is chunked.
	 */
	static final class ScrapeText extends AbstractResource {

		private final InputStream text;

		ScrapeText(InputStream text) {
			this.text = text;
		}

		@Override
		public String getDescription() {
			return "Prometheus scrape";
		}

		@Override
		public InputStream getInputStream() {
			return this.text;
		}

		@Override
		public boolean isOpen() {
			return true;
		}

		@Override
		public boolean exists() {
			return true;
		}

		@Override
		public boolean isReadable() {
			return true;
		}

		@Override
		public long contentLength() {
			// Unknown: counting would read the text, which can be read only once.
			return -1;
		}

	}

}
