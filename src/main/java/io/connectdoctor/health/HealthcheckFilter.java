package io.connectdoctor.health;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /healthcheck} and {@code GET /healthcheck/{connector}}, the contract of
 * Doctor Kafka Connect: 200 when no counted failure on the targeted worker, 503 with
 * {@code failures} when there is one, 503 with an {@code error} when Connect cannot be
 * read, 404 for an unknown connector. HEAD answers the same status; a trailing slash is
 * tolerated.
 * <p>
 * A servlet filter rather than a controller: probes are the hot path, and their answers
 * are rendered once per poll, so the cheapest thing is to write those bytes before Spring
 * MVC's dispatching (and its per-request observation) is involved.
 *
 * @author connect-doctor
 */
final class HealthcheckFilter implements Filter {

	private static final byte[] METHOD_NOT_ALLOWED = "{\"status\":\"UNKNOWN\",\"error\":\"only GET and HEAD\",\"failures\":[]}"
		.getBytes(StandardCharsets.UTF_8);

	private static final String PREFIX = "/healthcheck/";

	private final HealthEvaluator evaluator;

	private final Clock clock;

	HealthcheckFilter(HealthEvaluator evaluator, Clock clock) {
		this.evaluator = evaluator;
		this.clock = clock;
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) servletRequest;
		HttpServletResponse response = (HttpServletResponse) servletResponse;
		String method = request.getMethod();
		boolean head = "HEAD".equals(method);
		if (!head && !"GET".equals(method)) {
			response.setHeader("Allow", "GET, HEAD");
			write(response, 405, METHOD_NOT_ALLOWED, false);
			return;
		}
		// The servlet container has already decoded the path ("my%20sink" is "my sink").
		// With the dispatcher servlet mapped to "/", the whole path is the servlet path.
		String path = request.getServletPath() + ((request.getPathInfo() != null) ? request.getPathInfo() : "");
		String connector = connector(path);
		HealthReport report = this.evaluator.report();
		HealthReport.Answer answer = (connector != null) ? report.connectorAnswer(connector, this.clock.instant())
				: report.workerAnswer(this.clock.instant());
		write(response, answer.status(), answer.body(), head);
	}

	/** Returns the connector named by a path under {@code /healthcheck/}, or null. */
	private static @Nullable String connector(String path) {
		int start = PREFIX.length();
		int end = path.endsWith("/") ? path.length() - 1 : path.length();
		if (!path.startsWith(PREFIX) || end <= start) {
			return null;
		}
		// The container leaves %2F and %5C encoded (ProbePortConfiguration), so a name
		// holding / or \ is one path segment; they are decoded here.
		String name = path.substring(start, end);
		return (name.indexOf('%') < 0) ? name
				: name.replace("%2F", "/").replace("%2f", "/").replace("%5C", "\\").replace("%5c", "\\");
	}

	private static void write(HttpServletResponse response, int status, byte[] body, boolean head) throws IOException {
		response.setStatus(status);
		response.setContentType("application/json");
		response.setHeader("Cache-Control", "no-store");
		response.setContentLength(body.length);
		if (!head) {
			response.getOutputStream().write(body);
		}
	}

}
