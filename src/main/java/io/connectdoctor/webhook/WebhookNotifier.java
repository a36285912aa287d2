package io.connectdoctor.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.connectdoctor.delivery.Outbox;
import io.connectdoctor.delivery.Transport;
import io.connectdoctor.healing.Healer;
import io.connectdoctor.healing.HealingEvent;
import io.connectdoctor.healing.RestartResult;
import io.connectdoctor.connect.UnitId;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Tells a webhook of healing events: each chosen event is queued (never blocking the
 * healer) and POSTed by the outbox's thread, at most {@code max-per-minute} POSTs a
 * minute, events that came meanwhile together in one. The body is {@code {"text": "...",
 * "events": [...]}}: Slack and Teams incoming webhooks show {@code text}, anything else
 * can read the events' fields. The URL carries its secret and is never logged, not even
 * in an error.
 *
 * @author connect-doctor
 */
final class WebhookNotifier implements Healer.HealingListener, DisposableBean {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final int REASON_MAX_LENGTH = 500;

	private final Set<String> events;

	private final Outbox<HealingEvent> outbox;

	WebhookNotifier(List<String> events, Outbox<HealingEvent> outbox) {
		this.events = Set.copyOf(events);
		this.outbox = outbox;
	}

	@Override
	public void onRestart(UnitId unit, RestartResult result) {
	}

	@Override
	public void onEvent(HealingEvent event) {
		if (this.events.contains(event.action())) {
			this.outbox.offer(event);
		}
	}

	@Override
	public void destroy() {
		this.outbox.close();
	}

	/**
	 * Return the body of one POST.
	 * @param events the events
	 * @param source who tells (the host's name)
	 * @param textOnly only the {@code text} field
	 * @return the JSON body
	 */
	static String body(List<HealingEvent> events, String source, boolean textOnly) {
		Map<String, Object> body = new LinkedHashMap<>();
		StringBuilder text = new StringBuilder();
		List<Map<String, @Nullable Object>> fields = new ArrayList<>();
		for (HealingEvent event : events) {
			if (!text.isEmpty()) {
				text.append('\n');
			}
			text.append(line(event, source));
			Map<String, @Nullable Object> map = new LinkedHashMap<>();
			map.put("at", event.at().toString());
			map.put("source", source);
			map.put("action", event.action());
			if (event.unit() != null) {
				map.put("connector", event.unit().connector());
				map.put("task", event.unit().taskId());
				map.put("attempt", event.attempt());
			}
			map.put("reason", cut(event.reason()));
			if (event.nextAttempt() != null) {
				map.put("nextAttempt", event.nextAttempt().toString());
			}
			fields.add(map);
		}
		body.put("text", text.toString());
		if (!textOnly) {
			body.put("events", fields);
		}
		return MAPPER.writeValueAsString(body);
	}

	/**
	 * One event as a line of text, with Slack's three special characters escaped (Teams
	 * shows the entities as the characters too).
	 */
	static String line(HealingEvent event, String source) {
		StringBuilder line = new StringBuilder("connect-doctor on ").append(source).append(": ").append(event.action());
		if (event.unit() != null) {
			line.append(' ').append(event.unit());
			if (event.attempt() > 0) {
				line.append(" (attempt ").append(event.attempt()).append(')');
			}
		}
		line.append(": ").append(cut(event.reason()));
		return line.toString()
			.replace('\n', ' ')
			.replace('\r', ' ')
			.replace("&", "&amp;")
			.replace("<", "&lt;")
			.replace(">", "&gt;");
	}

	private static String cut(String reason) {
		return (reason.length() > REASON_MAX_LENGTH) ? reason.substring(0, REASON_MAX_LENGTH) + "..." : reason;
	}

	/**
	 * POSTs a batch of events.
	 */
	static final class WebhookTransport implements Transport<HealingEvent> {

		private final WebClient webClient;

		private final URI url;

		private final String source;

		private final boolean textOnly;

		private final Duration timeout;

		WebhookTransport(WebClient webClient, WebhookProperties properties, String source) {
			this.webClient = webClient;
			this.url = properties.url();
			this.source = source;
			this.textOnly = properties.format().equals("text");
			this.timeout = properties.requestTimeout();
		}

		@Override
		public Attempt send(List<HealingEvent> batch) {
			Answer answer;
			try {
				answer = this.webClient.post()
					.uri(this.url)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(body(batch, this.source, this.textOnly))
					.exchangeToMono((response) -> response.releaseBody()
						.thenReturn(new Answer(response.statusCode().value(),
								response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER))))
					.block(this.timeout);
			}
			catch (RuntimeException ex) {
				// The exception's message may hold the URL, which holds the secret.
				return Attempt.retry(null, "POST to the webhook failed: " + ex.getClass().getSimpleName());
			}
			if (answer == null) {
				return Attempt.retry(null, "the webhook sent no answer");
			}
			return Attempt.of(answer.status(), answer.retryAfter(), "the webhook answered " + answer.status());
		}

		private record Answer(int status, @Nullable String retryAfter) {
		}

	}

}
