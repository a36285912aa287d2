package io.connectdoctor.health;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * devshawn/kafka-connect-healthcheck's paths: {@code GET /} (its health answer, 200 or
 * 503), {@code GET /ping} ({@code {"status": "UP"}}) and {@code HEAD /} (200 once the
 * first read of Connect has ended: "the server is up", as devshawn's HEAD says, not
 * "healthy"). Every other path goes on to connect-doctor's own.
 *
 * @author connect-doctor
 */
final class DevshawnFilter implements Filter {

	private static final byte[] PING = "{\"status\": \"UP\"}".getBytes(StandardCharsets.UTF_8);

	private static final byte[] STARTING = ("{\"healthy\": false, \"message\": \"connect-doctor has not read Kafka "
			+ "Connect yet\"}")
		.getBytes(StandardCharsets.UTF_8);

	private final DevshawnAnswers answers;

	DevshawnFilter(DevshawnAnswers answers) {
		this.answers = answers;
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) servletRequest;
		String path = request.getRequestURI();
		String method = request.getMethod();
		boolean head = "HEAD".equals(method);
		if (!head && !"GET".equals(method) || !(path.equals("/") || path.equals("/ping"))) {
			chain.doFilter(servletRequest, servletResponse);
			return;
		}
		HttpServletResponse response = (HttpServletResponse) servletResponse;
		if (!head && path.equals("/")) {
			this.answers.asked();
		}
		DevshawnAnswers.Answer answer = this.answers.answer();
		if (path.equals("/ping")) {
			write(response, 200, PING, head);
		}
		else if (answer == null) {
			write(response, 503, STARTING, head);
		}
		else {
			write(response, head ? 200 : answer.status(), answer.body(), head);
		}
	}

	private static void write(HttpServletResponse response, int status, byte[] body, boolean head) throws IOException {
		response.setStatus(status);
		// devshawn's HEAD answers text/html with no body; its GETs are JSON.
		response.setContentType(head ? "text/html" : "application/json");
		response.setHeader("Cache-Control", "no-store");
		if (!head) {
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
		}
	}

}
