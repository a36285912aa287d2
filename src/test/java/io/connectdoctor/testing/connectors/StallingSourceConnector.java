package io.connectdoctor.testing.connectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * A source that writes one record to its {@code topic} every 100 ms, each with the next
 * offset, and writes nothing while its name is in {@link #STALLED}: its tasks stay
 * RUNNING while its offsets stand still.
 *
 * @author connect-doctor
 */
public class StallingSourceConnector extends SourceConnector {

	/** The connectors whose tasks write nothing. */
	public static final Set<String> STALLED = ConcurrentHashMap.newKeySet();

	private Map<String, String> config;

	@Override
	public void start(Map<String, String> props) {
		this.config = Map.copyOf(props);
	}

	@Override
	public Class<? extends Task> taskClass() {
		return StallingSourceTask.class;
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
	 * The task: the next record every 100 ms, unless its connector is stalled.
	 */
	public static class StallingSourceTask extends SourceTask {

		private String connector;

		private String topic;

		private long position;

		@Override
		public void start(Map<String, String> props) {
			this.connector = props.get("name");
			this.topic = props.get("topic");
			Map<String, Object> last = this.context.offsetStorageReader().offset(Map.of("source", this.connector));
			this.position = (last != null && last.get("position") instanceof Number n) ? n.longValue() : 0;
		}

		@Override
		public List<SourceRecord> poll() throws InterruptedException {
			Thread.sleep(100);
			if (STALLED.contains(this.connector)) {
				return null;
			}
			this.position++;
			return List.of(new SourceRecord(Map.of("source", this.connector), Map.of("position", this.position),
					this.topic, Schema.INT64_SCHEMA, this.position));
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
