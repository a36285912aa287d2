package io.connectdoctor.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.connectdoctor.healing.HealingEvent;
import io.connectdoctor.settings.InvalidSettingException;
import io.connectdoctor.settings.Require;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook notifications of healing events.
 *
 * @param url where events are POSTed (a Slack or Teams incoming webhook, or any endpoint
 * taking JSON); off when unset. It carries its secret: never printed
 * @param events the healing actions told of
 * @param maxPerMinute the most POSTs in any minute; events arriving faster are sent
 * together, up to {@code max-events-per-message} in one
 * @param maxEventsPerMessage the most events in one POST
 * @param queueSize events kept while the webhook cannot take them; older ones give way,
 * counted
 * @param requestTimeout deadline of each POST
 * @param format {@code json}: {@code text} and the events as fields; {@code text}: only
 * {@code text}, for endpoints that refuse other fields
 * @author connect-doctor
 */
@ConfigurationProperties("connect-doctor.webhook")
public record WebhookProperties(@Nullable URI url, @DefaultValue( {
		"restart", "give-up", "quarantine", "outage-entered", "outage-ended", "stuck" }) List<String> events,
		@DefaultValue("20") int maxPerMinute, @DefaultValue("20") int maxEventsPerMessage,
		@DefaultValue("1000") int queueSize, @DefaultValue("10s") Duration requestTimeout,
		@DefaultValue("json") String format){

	static final String PREFIX = "connect-doctor.webhook.";

	public WebhookProperties {
		Require.between(PREFIX + "max-per-minute", maxPerMinute, 1, 600);
		Require.between(PREFIX + "max-events-per-message", maxEventsPerMessage, 1, 100);
		Require.between(PREFIX + "queue-size", queueSize, 1, 100_000);
		Require.between(PREFIX + "request-timeout", requestTimeout, Duration.ofMillis(100), Duration.ofMinutes(5));
		events = List.copyOf(events);
		if (!format.equals("json") && !format.equals("text")) {
			throw new InvalidSettingException(PREFIX + "format", "must be json or text (was " + format + ")");
		}
		for (String event : events) {
			if (!HealingEvent.ACTIONS.contains(event)) {
				throw new InvalidSettingException(PREFIX + "events",
						"'" + event + "' is not a healing action; one of " + HealingEvent.ACTIONS);
			}
		}
		if (url != null && !"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
			throw new InvalidSettingException(PREFIX + "url", "must be an http:// or https:// URL");
		}
	}

	@Override
	public String toString() {
		return "WebhookProperties[url="
				+ ((this.url != null) ? this.url.getScheme() + "://" + this.url.getHost() + "/******" : null)
				+ ", events=" + this.events + ", maxPerMinute=" + this.maxPerMinute + "]";
	}

}
