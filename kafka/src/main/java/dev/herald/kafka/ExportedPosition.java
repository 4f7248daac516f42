package dev.herald.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Reads back from the topic the last sequence of one journal that a committed transaction holds: where an
 * exporter resumes. Each transaction holds a contiguous run of sequences and transactions commit in sequence order,
 * so the highest sequence of this journal in any partition is the end of the last committed transaction and every
 * sequence below it is in the topic too.
 *
 * <p>Each partition is read backwards from its end in growing windows, read_committed, until a record of this
 * journal turns up (other journals may share the topic). The search waits first until no other producer's
 * transaction holds the last stable offset below the high watermark, since a record of ours committed after such a
 * transaction began is not yet visible to read_committed.
 */
final class ExportedPosition
{
    private static final int FIRST_WINDOW = 256;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long NONE = -1L;

    private ExportedPosition()
    {
    }

    /**
     * @return the last exported sequence of {@code journalId} in {@code topic}, or -1 when it holds none.
     * @throws ExportException       when the topic does not exist.
     * @throws TimeoutException      when the broker does not answer, or the search does not finish, by the deadline.
     */
    static long lastExported(
        final Admin admin,
        final Consumer<byte[], byte[]> consumer,
        final String topic,
        final long journalId,
        final Duration timeout) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        final List<TopicPartition> partitions = partitions(admin, topic, timeout);
        final Map<TopicPartition, Long> highWatermarks = highWatermarks(admin, partitions, timeout);
        final Map<TopicPartition, Long> stable = awaitStable(consumer, partitions, highWatermarks, deadlineNs);
        final Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, timeout);

        long last = NONE;
        for (final TopicPartition partition : partitions)
        {
            last = Math.max(last, lastInPartition(
                consumer, partition, beginnings.get(partition), stable.get(partition), journalId, deadlineNs));
        }
        consumer.unsubscribe();
        return last;
    }

    private static List<TopicPartition> partitions(final Admin admin, final String topic, final Duration timeout)
        throws InterruptedException
    {
        final TopicDescription description;
        try
        {
            description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).get(topic);
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof UnknownTopicOrPartitionException)
            {
                throw new ExportException(ExportException.Reason.NO_TOPIC,
                    "topic " + topic + " does not exist; create it first (kafka-topics.sh --create --topic " + topic +
                        ")", ex.getCause());
            }
            throw asKafka(ex.getCause());
        }
        catch (final java.util.concurrent.TimeoutException ex)
        {
            throw new TimeoutException("no answer describing topic " + topic + " within " + timeout.toMillis() + " ms");
        }
        final List<TopicPartition> partitions = new ArrayList<>();
        for (final TopicPartitionInfo info : description.partitions())
        {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        return partitions;
    }

    private static Map<TopicPartition, Long> highWatermarks(
        final Admin admin, final List<TopicPartition> partitions, final Duration timeout) throws InterruptedException
    {
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (final TopicPartition partition : partitions)
        {
            latest.put(partition, OffsetSpec.latest());
        }
        try
        {
            final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets = admin.listOffsets(
                latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                .get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            final Map<TopicPartition, Long> highWatermarks = new HashMap<>();
            offsets.forEach((partition, info) -> highWatermarks.put(partition, info.offset()));
            return highWatermarks;
        }
        catch (final ExecutionException ex)
        {
            throw asKafka(ex.getCause());
        }
        catch (final java.util.concurrent.TimeoutException ex)
        {
            throw new TimeoutException("no answer listing offsets within " + timeout.toMillis() + " ms");
        }
    }

    private static Map<TopicPartition, Long> awaitStable(
        final Consumer<byte[], byte[]> consumer,
        final List<TopicPartition> partitions,
        final Map<TopicPartition, Long> highWatermarks,
        final long deadlineNs) throws InterruptedException
    {
        while (true)
        {
            final Map<TopicPartition, Long> stable = consumer.endOffsets(partitions, remaining(deadlineNs));
            TopicPartition open = null;
            for (final TopicPartition partition : partitions)
            {
                if (stable.get(partition) < highWatermarks.get(partition))
                {
                    open = partition;
                }
            }
            if (null == open)
            {
                return stable;
            }
            if (System.nanoTime() - deadlineNs >= 0)
            {
                throw new TimeoutException("another producer's transaction stays open on " + open +
                    " (last stable offset " + stable.get(open) + " < high watermark " + highWatermarks.get(open) + ")");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static long lastInPartition(
        final Consumer<byte[], byte[]> consumer,
        final TopicPartition partition,
        final long beginning,
        final long end,
        final long journalId,
        final long deadlineNs)
    {
        consumer.assign(List.of(partition));
        long windowEnd = end;
        long window = FIRST_WINDOW;
        while (windowEnd > beginning)
        {
            final long windowStart = Math.max(beginning, windowEnd - window);
            consumer.seek(partition, windowStart);
            long last = NONE;
            while (consumer.position(partition, remaining(deadlineNs)) < windowEnd)
            {
                if (System.nanoTime() - deadlineNs >= 0)
                {
                    throw new TimeoutException("reading back " + partition + " did not finish in time");
                }
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL))
                {
                    if (record.offset() < windowEnd && KafkaRecordFormat.isFrom(record.headers(), journalId))
                    {
                        last = Math.max(last, KafkaRecordFormat.longHeader(
                            record.headers(), KafkaRecordFormat.SEQUENCE, NONE));
                    }
                }
            }
            if (last != NONE)
            {
                return last;
            }
            windowEnd = windowStart;
            window *= 4;
        }
        return NONE;
    }

    private static Duration remaining(final long deadlineNs)
    {
        return Duration.ofNanos(Math.max(1_000_000L, deadlineNs - System.nanoTime()));
    }

    private static RuntimeException asKafka(final Throwable cause)
    {
        return cause instanceof RuntimeException ? (RuntimeException)cause :
            new org.apache.kafka.common.KafkaException(cause);
    }
}
