package io.connectdoctor.stuck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.jspecify.annotations.Nullable;

/**
 * Reads sink connectors' consumer groups with Kafka's {@code Admin} client, in batched
 * calls whatever the number of groups: one {@code DescribeCluster} (is Kafka there, and
 * may the doctor in), one {@code ListConsumerGroupOffsets} for every group, one
 * {@code ListOffsets} for every partition they hold, and one {@code DescribeGroups} for
 * the groups with lag only (to know which task holds which partition). A group that never
 * committed (a sink that hung on its first records) is described too and judged from the
 * beginning of its partitions, where Connect's consumers start (two more
 * {@code ListOffsets}, only when there is such a group). The client batches each call per
 * coordinator or leader itself.
 *
 * @author connect-doctor
 */
final class SinkOffsets {

	private final Admin admin;

	private final Duration timeout;

	SinkOffsets(Admin admin, Duration timeout) {
		this.admin = admin;
		this.timeout = timeout;
	}

	/**
	 * Read the groups.
	 * @param groups the consumer groups to read
	 * @return each group's committed offsets and ends; the owners of the partitions of
	 * groups with lag
	 * @throws KafkaTrouble when Kafka cannot be read at all, or the doctor may not read a
	 * group
	 */
	Map<String, Group> read(Collection<String> groups) throws KafkaTrouble {
		int ms = (int) this.timeout.toMillis();
		await(this.admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms)).clusterId(), "DescribeCluster");
		if (groups.isEmpty()) {
			return Map.of();
		}
		Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
		for (String group : groups) {
			specs.put(group, new ListConsumerGroupOffsetsSpec());
		}
		ListConsumerGroupOffsetsResult listed = this.admin.listConsumerGroupOffsets(specs,
				new ListConsumerGroupOffsetsOptions().timeoutMs(ms));
		Map<String, Group> read = new HashMap<>();
		Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
		for (String group : groups) {
			Map<TopicPartition, OffsetAndMetadata> offsets;
			try {
				offsets = await(listed.partitionsToOffsetAndMetadata(group), "ListConsumerGroupOffsets of " + group);
			}
			catch (KafkaTrouble ex) {
				if (ex.isAccessProblem() || ex.kafkaDown()) {
					throw ex;
				}
				// This group only (its coordinator moving, say): read again next time.
				continue;
			}
			Map<TopicPartition, Long> committed = new HashMap<>();
			offsets.forEach((partition, offset) -> {
				if (offset != null) {
					committed.put(partition, offset.offset());
					ends.put(partition, OffsetSpec.latest());
				}
			});
			read.put(group, new Group(committed, new HashMap<>(), new HashMap<>()));
		}
		Map<TopicPartition, Long> endOffsets = ends.isEmpty() ? Map.of() : offsets(ends);
		List<String> toDescribe = new ArrayList<>();
		for (Map.Entry<String, Group> entry : read.entrySet()) {
			Group group = entry.getValue();
			group.committed().forEach((partition, offset) -> {
				Long end = endOffsets.get(partition);
				if (end != null) {
					group.ends().put(partition, end);
				}
			});
			// Lagging groups, to know which task holds what; and groups that never
			// committed (a sink that hung on its first records), to judge them from where
			// Connect's consumers start: the beginning of their partitions.
			if (group.lag() > 0 || group.committed().isEmpty()) {
				toDescribe.add(entry.getKey());
			}
		}
		if (toDescribe.isEmpty()) {
			return read;
		}
		DescribeConsumerGroupsResult described = this.admin.describeConsumerGroups(toDescribe,
				new DescribeConsumerGroupsOptions().timeoutMs(ms));
		Map<TopicPartition, OffsetSpec> uncommitted = new HashMap<>();
		for (String name : toDescribe) {
			ConsumerGroupDescription description;
			try {
				description = await(described.describedGroups().get(name), "DescribeGroups of " + name);
			}
			catch (KafkaTrouble ex) {
				if (ex.isAccessProblem() || ex.kafkaDown()) {
					throw ex;
				}
				continue;
			}
			Group group = read.get(name);
			for (MemberDescription member : description.members()) {
				for (TopicPartition partition : member.assignment().topicPartitions()) {
					group.owners().put(partition, member.clientId());
					if (group.committed().isEmpty()) {
						uncommitted.put(partition, OffsetSpec.earliest());
					}
				}
			}
		}
		if (!uncommitted.isEmpty()) {
			Map<TopicPartition, Long> starts = offsets(uncommitted);
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			starts.keySet().forEach((partition) -> latest.put(partition, OffsetSpec.latest()));
			Map<TopicPartition, Long> uncommittedEnds = offsets(latest);
			for (String name : toDescribe) {
				Group group = read.get(name);
				if (!group.committed().isEmpty()) {
					continue;
				}
				for (TopicPartition partition : group.owners().keySet()) {
					Long start = starts.get(partition);
					Long end = uncommittedEnds.get(partition);
					if (start != null && end != null) {
						group.committed().put(partition, start);
						group.ends().put(partition, end);
					}
				}
			}
		}
		return read;
	}

	/** One ListOffsets call; a partition whose offset cannot be read is left out. */
	private Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetSpec> specs) throws KafkaTrouble {
		ListOffsetsResult listed = this.admin.listOffsets(specs,
				new ListOffsetsOptions().timeoutMs((int) this.timeout.toMillis()));
		Map<TopicPartition, Long> offsets = new HashMap<>();
		for (TopicPartition partition : specs.keySet()) {
			try {
				offsets.put(partition, await(listed.partitionResult(partition), "ListOffsets").offset());
			}
			catch (KafkaTrouble ex) {
				if (ex.isAccessProblem() || ex.kafkaDown()) {
					throw ex;
				}
				// A deleted topic, a partition without a leader: no lag known for it.
			}
		}
		return offsets;
	}

	private <T> T await(KafkaFuture<T> future, String call) throws KafkaTrouble {
		try {
			// The Admin call has the same deadline; a little more here lets it say why.
			return future.get(this.timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaTrouble(call + " interrupted", ex, false, false);
		}
		catch (TimeoutException ex) {
			throw new KafkaTrouble(call + " got no answer within " + this.timeout, ex, false, true);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			boolean access = cause instanceof AuthenticationException || cause instanceof AuthorizationException;
			boolean down = cause instanceof org.apache.kafka.common.errors.TimeoutException;
			String what = down ? "got no answer within " + this.timeout + " (" + cause.getClass().getSimpleName() + ")"
					: "failed: " + cause.getClass().getSimpleName()
							+ ((cause.getMessage() != null) ? ": " + cause.getMessage() : "");
			throw new KafkaTrouble(call + " " + what, cause, access, down);
		}
	}

	/**
	 * One consumer group as read.
	 *
	 * @param committed committed offset of each partition
	 * @param ends end offset of each partition whose end could be read
	 * @param owners client id of the member holding each partition; read for groups with
	 * lag only
	 */
	record Group(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends,
			Map<TopicPartition, String> owners) {

		/** Records behind, over the partitions whose end is known. */
		long lag() {
			long lag = 0;
			for (Map.Entry<TopicPartition, Long> entry : this.ends.entrySet()) {
				lag += Math.max(0, entry.getValue() - this.committed.get(entry.getKey()));
			}
			return lag;
		}

		long lag(TopicPartition partition) {
			Long end = this.ends.get(partition);
			return (end != null) ? Math.max(0, end - this.committed.get(partition)) : 0;
		}

	}

	/**
	 * Kafka could not be read, or not by this doctor.
	 */
	static final class KafkaTrouble extends Exception {

		private final boolean accessProblem;

		private final boolean down;

		KafkaTrouble(String message, @Nullable Throwable cause, boolean accessProblem, boolean down) {
			super(message, cause);
			this.accessProblem = accessProblem;
			this.down = down;
		}

		/** Authentication or authorization failed. */
		boolean isAccessProblem() {
			return this.accessProblem;
		}

		/** The call timed out: Kafka did not answer. */
		boolean kafkaDown() {
			return this.down;
		}

	}

}
