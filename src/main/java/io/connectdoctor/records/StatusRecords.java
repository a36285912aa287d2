package io.connectdoctor.records;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.connectdoctor.connect.ClusterSnapshot;
import io.connectdoctor.connect.ConnectPoller;
import io.connectdoctor.connect.LogText;
import io.connectdoctor.connect.PollListener;
import io.connectdoctor.connect.PollState;
import io.connectdoctor.connect.Unit;
import io.connectdoctor.delivery.Outbox;
import io.connectdoctor.health.ConnectorFilter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedRateTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Every {@code connect-doctor.records.interval}, one status record per counted connector
 * instance and task (the targeted worker's, those {@code connect-doctor.health} watches)
 * from the latest snapshot: logged as one event each (logger
 * {@code io.connectdoctor.records.StatusRecords}, fields {@code kind=status},
 * {@code connector}, {@code task}, {@code state}, {@code workerId}, {@code trace},
 * {@code timeGenerated}), and queued for Azure Monitor when it is configured.
 * <p>
 * Records are only written from a current read of Connect: when Connect cannot be read
 * none are, so an alert on "no RUNNING record in 10 minutes" fires, as it does when the
 * doctor itself is gone. On a loop of its own: never delays a poll, a probe or a restart.
 *
 * @author connect-doctor
 */
public final class StatusRecords implements PollListener, SchedulingConfigurer, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(StatusRecords.class);

	private final Duration interval;

	private final int traceMaxLength;

	private final ConnectorFilter filter;

	private final @Nullable Outbox<String> azure;

	private volatile PollState latest = PollState.INITIAL;

	private boolean skipping;

	StatusRecords(RecordsProperties properties, ConnectorFilter filter, @Nullable Outbox<String> azure) {
		this.interval = properties.interval();
		this.traceMaxLength = properties.traceMaxLength();
		this.filter = filter;
		this.azure = azure;
	}

	@Override
	public void onPoll(PollState state) {
		this.latest = state;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedRateTask(
				new FixedRateTask(new ConnectPoller.Named(this::guardedWrite, StatusRecords.class.getName() + ".write"),
						this.interval, this.interval));
	}

	@Override
	public void destroy() {
		if (this.azure != null) {
			this.azure.close();
		}
	}

	private void guardedWrite() {
		// An exception escaping here would cancel the schedule for good.
		try {
			write();
		}
		catch (RuntimeException ex) {
			logger.error("Writing status records failed: {}", LogText.of(ex.toString()), ex);
		}
	}

	/**
	 * Write the records of the latest snapshot, when it is current.
	 */
	void write() {
		PollState state = this.latest;
		ClusterSnapshot snapshot = state.snapshot();
		if (!state.isCurrent() || snapshot == null) {
			if (!this.skipping) {
				this.skipping = true;
				logger.warn("No status records while Kafka Connect cannot be read (last read: {})",
						(snapshot != null) ? snapshot.polledAt() : "never");
			}
			return;
		}
		if (this.skipping) {
			this.skipping = false;
			logger.info("Status records written again");
		}
		Instant polledAt = snapshot.polledAt();
		List<String> json = new ArrayList<>();
		for (Unit unit : snapshot.targeted()) {
			if (this.filter.watches(unit.connector())) {
				StatusRecord record = StatusRecord.of(polledAt, unit, this.traceMaxLength);
				log(record);
				if (this.azure != null) {
					json.add(record.toJson());
				}
			}
		}
		if (this.azure != null) {
			this.azure.offerAll(json);
		}
	}

	private static void log(StatusRecord record) {
		LoggingEventBuilder line = logger.atInfo()
			.addKeyValue("kind", "status")
			.addKeyValue("connector", record.connector());
		if (record.task() != null) {
			line = line.addKeyValue("task", record.task());
		}
		line = line.addKeyValue("state", record.state())
			.addKeyValue("timeGenerated", record.timeGenerated().toString());
		if (record.workerId() != null) {
			line = line.addKeyValue("workerId", record.workerId());
		}
		if (record.trace() != null) {
			line = line.addKeyValue("trace", record.trace());
		}
		line.log("status connector={} task={} state={} worker={}", LogText.of(record.connector()),
				(record.task() != null) ? record.task() : "-", record.state(), LogText.of(record.workerId()));
	}

}
