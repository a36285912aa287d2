package io.connectdoctor.health;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.catalina.core.StandardHost;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The probe port answers JSON to everything, the servlet container's own errors included
 * (a malformed request, a request line too long), and reaches connectors whose names hold
 * {@code /} or {@code \} when the client encodes them ({@code a%2Fb}; Kafka before 4.x
 * allowed such names).
 *
 * @author connect-doctor
 */
@Configuration(proxyBeanMethods = false)
class ProbePortConfiguration {

	/**
	 * Closed connections whose buffers Tomcat keeps for the next one. Tomcat closes the
	 * connection after every 503 answer, and kubelet opens one per probe anyway, so while
	 * a cluster is failing every probe is a new connection. Tomcat's default keeps none
	 * under a 2 GB heap, and each new connection then allocates its 16 KB of buffers:
	 * measured at N = 10,000, about four fifths of all allocation under probe load.
	 */
	static final int KEPT_CONNECTIONS = 32;

	/** The shape of every probe answer that knows nothing: UNKNOWN with the reason. */
	static Map<String, Object> body(String error) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", "UNKNOWN");
		body.put("error", error);
		body.put("failures", List.of());
		return body;
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> probePortCustomizer() {
		return (factory) -> {
			factory.addConnectorCustomizers((connector) -> {
				// Kept encoded in the path, decoded by the /healthcheck filter into the
				// name.
				connector.setEncodedSolidusHandling("passthrough");
				connector.setEncodedReverseSolidusHandling("passthrough");
				connector.setProperty("socket.bufferPool", Integer.toString(KEPT_CONNECTIONS));
			});
			factory.addContextCustomizers((context) -> {
				if (context.getParent() instanceof StandardHost host) {
					host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
				}
			});
		};
	}

	/**
	 * {@code /error}, always JSON: errors that reach Spring (an unknown path, a bad
	 * request to an endpoint) in the shape of every probe answer, whatever the client
	 * accepts.
	 */
	@RestController
	static final class JsonErrorController implements ErrorController {

		private final ErrorAttributes errors;

		JsonErrorController(ErrorAttributes errors) {
			this.errors = errors;
		}

		@RequestMapping("${server.error.path:/error}")
		ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
			Map<String, Object> attributes = this.errors.getErrorAttributes(new ServletWebRequest(request),
					ErrorAttributeOptions.defaults().including(ErrorAttributeOptions.Include.PATH));
			int status = (attributes.get("status") instanceof Integer code) ? code : 500;
			String error = String.valueOf(attributes.getOrDefault("error", "error")) + " ("
					+ attributes.getOrDefault("path", "?") + ")";
			return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body(error));
		}

	}

	/**
	 * Tomcat's error page as JSON, in the shape of every other probe answer.
	 */
	public static final class JsonErrorReportValve extends ErrorReportValve {

		private static final JsonMapper MAPPER = JsonMapper.builder().build();

		@Override
		protected void report(Request request, Response response, @Nullable Throwable throwable) {
			int status = response.getStatus();
			if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
				return;
			}
			String reason = response.getMessage();
			String error = (reason != null && !reason.isBlank()) ? reason
					: (status == 400) ? "bad request: malformed, or a request line or headers over "
							+ "server.max-http-request-header-size" : "request refused (HTTP " + status + ")";
			try {
				response.setContentType("application/json");
				response.setCharacterEncoding(StandardCharsets.UTF_8.name());
				Writer writer = response.getReporter();
				if (writer != null) {
					writer.write(MAPPER
						.writeValueAsString(Map.of("status", "UNKNOWN", "error", error, "failures", List.of())));
					response.finishResponse();
				}
			}
			catch (IOException | IllegalStateException ex) {
				// The client is gone or the response committed: nothing more to say.
			}
			response.getCoyoteResponse().action(ActionCode.CLOSE, null);
		}

	}

}
