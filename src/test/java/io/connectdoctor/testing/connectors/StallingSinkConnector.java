package io.connectdoctor.testing.connectors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * A sink whose {@code put} hangs while its name is in {@link #STALLED}: the "database
 * went away and the call never returns" case, on a real worker. Its tasks stay RUNNING by
 * Connect's word while they move no data.
 * <p>
 * The hang is a wait of up to a second, then a {@link RetriableException}, again and
 * again: Connect hands the same records back, so no offset moves, but its task loop still
 * turns, so a restart stops the task at once instead of abandoning a thread that still
 * holds its consumer (which would keep the partitions from the new task for
 * {@code max.poll.interval.ms}).
 *
 * @author connect-doctor
 */
public class StallingSinkConnector extends SinkConnector {

	/** The connectors whose tasks hang in {@code put}. */
	public static final Set<String> STALLED = ConcurrentHashMap.newKeySet();

	private static final Object SWITCH = new Object();

	private Map<String, String> config;

	/**
	 * Let a connector's tasks move data again.
	 * @param connector the connector's name
	 */
	public static void release(String connector) {
		synchronized (SWITCH) {
			STALLED.remove(connector);
			SWITCH.notifyAll();
		}
	}

	@Override
	public void start(Map<String, String> props) {
		this.config = Map.copyOf(props);
	}

	@Override
	public Class<? extends Task> taskClass() {
		return StallingSinkTask.class;
	}

	@Override
	public List<Map<String, String>> taskConfigs(int maxTasks) {
		List<Map<String, String>> configs = new ArrayList<>();
		for (int i = 0; i < maxTasks; i++) {
			configs.add(this.config);
		}
		return configs;
	}

	@Override
	public void stop() {
	}

	@Override
	public ConfigDef config() {
		return new ConfigDef();
	}

	@Override
	public String version() {
		return "test";
	}

	/**
	 * The task: takes every record, unless its connector is stalled.
	 */
	public static class StallingSinkTask extends SinkTask {

		private String connector;

		@Override
		public void start(Map<String, String> props) {
			this.connector = props.get("name");
		}

		@Override
		public void put(Collection<SinkRecord> records) {
			if (records.isEmpty() || !STALLED.contains(this.connector)) {
				return;
			}
			synchronized (SWITCH) {
				try {
					SWITCH.wait(1000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			if (STALLED.contains(this.connector)) {
				throw new RetriableException("test switch: the sink's downstream does not answer");
			}
		}

		@Override
		public void stop() {
		}

		@Override
		public String version() {
			return "test";
		}

	}

}
