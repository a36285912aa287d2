import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real KRaft broker (Kafka's own test kit, in one process) for the stuck-task benchmark,
 * seeded with the consumer groups of N sink connectors as Kafka Connect names them
 * ({@code connect-connector-00000}, ...). Each group has committed offsets on 4 of the 48
 * partitions of topic {@code bench}, which holds 1,000 records per partition: every group is
 * caught up but 1 % of them, 100 records behind on each partition, so the check also
 * describes those groups. Prints {@code bootstrap=<servers>} once seeded, then serves until
 * killed.
 *
 * <pre>java -cp "$(test classpath)" bench/KafkaBroker.java N</pre>
 */
public class KafkaBroker {

	static final int PARTITIONS = 48;

	static final int RECORDS = 1000;

	public static void main(String[] args) throws Exception {
		int groups = Integer.parseInt(args[0]);
		KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(
				new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
			.setConfigProp("offsets.topic.replication.factor", "1")
			.setConfigProp("offsets.topic.num.partitions", "16")
			.build();
		kafka.format();
		kafka.startup();
		kafka.waitForReadyBrokers();
		long started = System.nanoTime();
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic("bench", PARTITIONS, (short) 1))).all().get(60, TimeUnit.SECONDS);
			try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
					Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", "20", "enable.idempotence", "false",
							"acks", "1"), new ByteArraySerializer(),
					new ByteArraySerializer())) {
				for (int partition = 0; partition < PARTITIONS; partition++) {
					for (int i = 0; i < RECORDS; i++) {
						producer.send(new ProducerRecord<>("bench", partition, null, new byte[16]));
					}
				}
			}
			List<KafkaFuture<Void>> commits = new ArrayList<>();
			for (int i = 0; i < groups; i++) {
				long offset = (i % 100 == 0) ? RECORDS - 100 : RECORDS;
				Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
				for (int k = 0; k < 4; k++) {
					offsets.put(new TopicPartition("bench", (i * 4 + k) % PARTITIONS), new OffsetAndMetadata(offset));
				}
				commits.add(admin.alterConsumerGroupOffsets(String.format("connect-connector-%05d", i), offsets).all());
				if (commits.size() >= 500) {
					KafkaFuture.allOf(commits.toArray(KafkaFuture[]::new)).get(120, TimeUnit.SECONDS);
					commits.clear();
				}
			}
			KafkaFuture.allOf(commits.toArray(KafkaFuture[]::new)).get(120, TimeUnit.SECONDS);
		}
		System.out.printf("seeded %d groups in %d ms%n", groups, (System.nanoTime() - started) / 1_000_000);
		System.out.println("bootstrap=" + kafka.bootstrapServers());
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}

}
