package io.connectdoctor.webhook;

import java.net.URI;
import java.time.Duration;

import io.connectdoctor.healing.HealingEvent;

/**
 * Test access to the webhook's settings as they are printed.
 *
 * @author connect-doctor
 */
public final class WebhookPropertiesAccess {

	private WebhookPropertiesAccess() {
	}

	/**
	 * Return the settings with the given URL, as printed.
	 * @param url the webhook's URL
	 * @return their {@code toString}
	 */
	public static String describe(String url) {
		return new WebhookProperties(URI.create(url), HealingEvent.ACTIONS, 20, 20, 1000, Duration.ofSeconds(10),
				"json")
			.toString();
	}

}
