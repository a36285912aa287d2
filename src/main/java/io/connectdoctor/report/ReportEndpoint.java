package io.connectdoctor.report;

import java.util.Map;
import java.util.function.Function;

import io.connectdoctor.connect.ConnectPoller;
import io.connectdoctor.connect.PollState;
import io.connectdoctor.connect.UnitId;
import io.connectdoctor.healing.Healer;
import io.connectdoctor.healing.UnitView;
import io.connectdoctor.stuck.StuckCheck;
import io.connectdoctor.stuck.StuckReport;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code /actuator/report}: the connector report of the latest poll, for the whole
 * cluster.
 *
 * @author connect-doctor
 */
@Endpoint(id = "report")
final class ReportEndpoint {

	private final ConnectPoller poller;

	private final ObjectProvider<Healer> healer;

	private final ObjectProvider<StuckCheck> stuck;

	ReportEndpoint(ConnectPoller poller, ObjectProvider<Healer> healer, ObjectProvider<StuckCheck> stuck) {
		this.poller = poller;
		this.healer = healer;
		this.stuck = stuck;
	}

	@ReadOperation
	WebEndpointResponse<Object> report() {
		PollState state = this.poller.current();
		if (state.snapshot() == null) {
			String error = (state.error() != null) ? state.error().getMessage() : "no answer from Kafka Connect yet";
			return new WebEndpointResponse<>(Map.of("error", error), 503);
		}
		return new WebEndpointResponse<>(ConnectorReport.of(state.snapshot(), healerView(), lags()), 200);
	}

	private Function<String, ConnectorReport.@Nullable Lag> lags() {
		StuckCheck check = this.stuck.getIfAvailable();
		if (check == null) {
			return (connector) -> null;
		}
		Map<String, StuckReport.ConnectorLag> lags = check.report().lags();
		return (connector) -> {
			StuckReport.ConnectorLag lag = lags.get(connector);
			return (lag != null) ? new ConnectorReport.Lag(lag.group(), lag.lag()) : null;
		};
	}

	private Function<UnitId, @Nullable UnitView> healerView() {
		Healer healer = this.healer.getIfAvailable();
		return (healer != null) ? healer::unit : (unit) -> null;
	}

}
