/**
 * Webhook notifications of healing events, in a form Slack and Microsoft Teams show.
 */
@NullMarked
package io.connectdoctor.webhook;

import org.jspecify.annotations.NullMarked;
