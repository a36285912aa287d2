package io.connectdoctor.health;

import java.time.Clock;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /healthcheck} and {@code GET /healthcheck/{connector}}, the contract of
 * Doctor Kafka Connect: 200 when no counted failure on the targeted worker, 503 with
 * {@code failures} when there is one, 503 with an {@code error} when Connect cannot be
 * read. Answers come from the latest poll, rendered once per poll; HEAD answers the same
 * status.
 *
 * @author connect-doctor
 */
@RestController
final class HealthcheckController {

	private static final CacheControl NO_STORE = CacheControl.noStore();

	private final HealthEvaluator evaluator;

	private final Clock clock;

	HealthcheckController(HealthEvaluator evaluator, Clock clock) {
		this.evaluator = evaluator;
		this.clock = clock;
	}

	@GetMapping({ "/healthcheck", "/healthcheck/" })
	ResponseEntity<byte[]> worker() {
		return respond(this.evaluator.report().workerAnswer(this.clock.instant()));
	}

	@GetMapping({ "/healthcheck/{connector}", "/healthcheck/{connector}/" })
	ResponseEntity<byte[]> connector(@PathVariable String connector) {
		return respond(this.evaluator.report().connectorAnswer(connector, this.clock.instant()));
	}

	private static ResponseEntity<byte[]> respond(HealthReport.Answer answer) {
		return ResponseEntity.status(answer.status())
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(NO_STORE)
			.body(answer.body());
	}

}
