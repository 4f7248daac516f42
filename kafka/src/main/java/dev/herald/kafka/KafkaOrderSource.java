package dev.herald.kafka;

import dev.herald.engine.Engine;
import dev.herald.store.OrderPlacedDecoder;
import dev.herald.store.OrderPlacedEncoder;
import dev.herald.store.OrderRequest;
import dev.herald.store.StoreMessageTypes;
import dev.herald.store.StoreSchema;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Orders from a Kafka topic into the store's engine, each record exactly once into the journal, across restarts.
 *
 * <p>A record's value is an {@code OrderPlaced} payload in the store's layout ({@code docs/events.md}), the same
 * bytes the exporter writes; its key is ignored (producers key by order id, so one order's records share a
 * partition). Each record is decoded and published as any publish, validation included, carrying its partition and
 * offset in the same journal frame ({@link Engine#publish(int, short, long, dev.herald.engine.PayloadEncoder,
 * Object, int, long, long, TimeUnit)}). A record that fails decoding or validation becomes a failure fact with its
 * partition and offset ({@link Engine#publishFailure}): accounted for, never read again, never a stuck partition.
 *
 * <p>Where it starts: when a partition is assigned, the source seeks to the offset after the last one the journal
 * holds for it ({@link SourcePositions}, a stage of the same engine), not to Kafka's committed offset; only when
 * the journal holds nothing of the partition, or Kafka's committed offset is further (another engine of the group
 * owned the partition meanwhile), does the committed offset decide, then {@code auto.offset.reset=earliest}.
 * Offsets are committed to Kafka only from {@link SourcePositions}, that is once journaled durably, every
 * {@link Context#commitIntervalNs} and when partitions are revoked; they are for lag monitoring and for the next
 * owner of a partition, never for this engine's own restart.
 *
 * <p>Faults: a poll or a commit that fails for a retriable reason (the broker away) is reported to
 * {@link Context#retryListener} and retried; records already polled are published before anything else.
 *
 * <p>Threading: an Agrona {@link Agent}, driven by one thread of its own (its publishes wait for room in the ring,
 * its polls and commits wait on the broker). The engine must have been launched with
 * {@link SourcePositions#stage()} among its stages.
 */
public final class KafkaOrderSource implements Agent, AutoCloseable
{
    /** Longest a poll waits for records; it returns as soon as there are some, so this only spaces idle wake-ups. */
    private static final Duration POLL = Duration.ofMillis(10);

    private final Context context;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String name;
    private final OrderPlacedDecoder decoder = new OrderPlacedDecoder();
    private final OrderRequest request = new OrderRequest();
    private final StringBuilder contact = new StringBuilder(OrderPlacedDecoder.CONTACT_MAX_LENGTH);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[0]);
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Rebalance rebalance = new Rebalance();

    private final List<ConsumerRecord<byte[], byte[]>> pending = new ArrayList<>();
    private int nextPending;
    private long nextCommitNs;
    private volatile long published;
    private volatile long rejected;
    private volatile long retries;
    private volatile int assignedCount;

    private KafkaOrderSource(final Context context)
    {
        this.context = context;
        this.name = "kafka-source " + context.topic();
        this.consumer = new KafkaConsumer<>(consumerProperties(context), new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
        consumer.subscribe(List.of(context.topic()), rebalance);
    }

    /**
     * Subscribe to the topic; the group's assignment happens in the first polls.
     *
     * @param context the engine, the topic and the group.
     * @return a source, owned by the thread that will drive it.
     */
    public static KafkaOrderSource open(final Context context)
    {
        return new KafkaOrderSource(context.conclude());
    }

    @Override
    public String roleName()
    {
        return name;
    }

    /**
     * Publish what was polled (waiting for room in the ring up to {@link Context#publishTimeoutNs}), else poll;
     * commit the journaled positions when due.
     *
     * @return records published or rejected, or 1 for a commit; 0 when idle.
     */
    @Override
    public int doWork()
    {
        try
        {
            int work = publishPending();
            if (nextPending == pending.size())
            {
                pending.clear();
                nextPending = 0;
                final ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                records.forEach(pending::add);
                work += publishPending();
            }
            if (System.nanoTime() - nextCommitNs >= 0)
            {
                nextCommitNs = System.nanoTime() + context.commitIntervalNs();
                work += commitJournaled(assigned) ? 1 : 0;
            }
            return work;
        }
        catch (final KafkaException ex)
        {
            retries++;
            context.retryListener().accept(
                "kafka at " + context.bootstrapServers() + ": " + JournalExporter.oneLine(ex) + "; retrying");
            return 0;
        }
    }

    private int publishPending()
    {
        int work = 0;
        while (nextPending < pending.size())
        {
            if (!publish(pending.get(nextPending)))
            {
                return work; // the ring stayed full: the same record again next time
            }
            nextPending++;
            work++;
        }
        return work;
    }

    private boolean publish(final ConsumerRecord<byte[], byte[]> record)
    {
        final int partition = record.partition();
        final long offset = record.offset();
        final byte[] bytes = record.value();
        long orderId = 0;
        try
        {
            if (partition >= context.positions().maxPartitions())
            {
                throw new IllegalArgumentException("partition " + partition + " is beyond the " +
                    context.positions().maxPartitions() + " that SourcePositions tracks");
            }
            if (null == bytes)
            {
                throw new IllegalArgumentException("no value: a tombstone is not an order");
            }
            value.wrap(bytes);
            decoder.wrap(value, 0, bytes.length);
            orderId = decoder.orderId();
            decoder.copyTo(request, contact);
            final long sequence = context.engine().publish(StoreMessageTypes.ORDER_PLACED, StoreSchema.SCHEMA_VERSION,
                orderId, OrderPlacedEncoder.INSTANCE, request, partition, offset, context.publishTimeoutNs(),
                TimeUnit.NANOSECONDS);
            if (sequence == Engine.BACK_PRESSURED)
            {
                return false;
            }
            published++;
            return true;
        }
        catch (final IllegalArgumentException invalid)
        {
            final long sequence = context.engine().publishFailure(name, new IllegalArgumentException(
                "record " + record.topic() + "-" + partition + "@" + offset + ": " + invalid.getMessage()),
                orderId, partition, offset, context.publishTimeoutNs(), TimeUnit.NANOSECONDS);
            if (sequence == Engine.BACK_PRESSURED)
            {
                return false;
            }
            rejected++;
            return true;
        }
    }

    /** Commit the journaled (durable) positions of these partitions to Kafka, where they moved. */
    private boolean commitJournaled(final Collection<TopicPartition> partitions)
    {
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (final TopicPartition partition : partitions)
        {
            final long next = context.positions().lastOffset(partition.partition()) + 1;
            final Long previous = committed.get(partition);
            if (next > 0 && (null == previous || previous < next))
            {
                offsets.put(partition, new OffsetAndMetadata(next));
            }
        }
        if (offsets.isEmpty())
        {
            return false;
        }
        consumer.commitSync(offsets, Duration.ofNanos(context.requestTimeoutNs()));
        offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
        return true;
    }

    /**
     * Wait (up to {@link Context#requestTimeoutNs}) until the journal holds what was published, commit that and
     * leave the group, so that another engine takes the partitions over at once from where this one stopped.
     * Records polled but not yet published are not published; their partitions' next owner reads them.
     */
    @Override
    public void onClose()
    {
        try
        {
            rebalance.awaitJournaled(assigned);
            commitJournaled(assigned);
        }
        catch (final KafkaException ignore)
        {
            // the next owner starts from the last commit that went through, or from its own journal
        }
        finally
        {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(
                Duration.ofNanos(context.requestTimeoutNs())));
        }
    }

    /** Same as {@link #onClose()}, for use without an {@code AgentRunner}. */
    @Override
    public void close()
    {
        onClose();
    }

    /** @return records published as {@code OrderPlaced}; any thread. */
    public long published()
    {
        return published;
    }

    /** @return records journaled as failures (not an order, or an invalid one); any thread. */
    public long rejected()
    {
        return rejected;
    }

    /** @return failed polls and commits that were retried; any thread. */
    public long retries()
    {
        return retries;
    }

    /** @return the number of partitions assigned now; any thread. */
    public int assignedPartitions()
    {
        return assignedCount;
    }

    /** @return the partitions assigned now; the source's thread only. */
    public Set<TopicPartition> assignment()
    {
        return Set.copyOf(assigned);
    }


    private static Map<String, Object> consumerProperties(final Context context)
    {
        final int timeoutMs = (int)TimeUnit.NANOSECONDS.toMillis(context.requestTimeoutNs());
        final Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, context.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, context.groupId());
        if (null != context.groupInstanceId())
        {
            properties.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, context.groupInstanceId());
        }
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-source-" + context.topic());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, context.maxPollRecords());
        properties.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        properties.putAll(context.clientProperties());
        return properties;
    }

    /** @return the offset of the first record polled from the partition but not published, or Long.MAX_VALUE. */
    private long firstUnpublished(final TopicPartition partition)
    {
        for (int i = nextPending; i < pending.size(); i++)
        {
            if (pending.get(i).partition() == partition.partition())
            {
                return pending.get(i).offset();
            }
        }
        return Long.MAX_VALUE;
    }

    /** Seeks assigned partitions from the journal; commits revoked ones' journaled positions before letting go. */
    private final class Rebalance implements ConsumerRebalanceListener
    {
        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions)
        {
            // called inside poll(), when nothing polled is left unpublished; wait until the journal holds it
            awaitJournaled(partitions);
            try
            {
                commitJournaled(partitions);
            }
            catch (final KafkaException ex)
            {
                context.retryListener().accept("kafka at " + context.bootstrapServers() + ": commit on revoke " +
                    "failed: " + JournalExporter.oneLine(ex) +
                    "; the next owner may read records again that this engine has");
            }
            assigned.removeAll(partitions);
            assignedCount = assigned.size();
            partitions.forEach(committed::remove);
        }

        @Override
        public void onPartitionsLost(final Collection<TopicPartition> partitions)
        {
            assigned.removeAll(partitions);
            assignedCount = assigned.size();
            partitions.forEach(committed::remove);
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions)
        {
            assigned.addAll(partitions);
            assignedCount = assigned.size();
            // the journal first, so that a failure to read Kafka's committed offsets cannot undo it
            for (final TopicPartition partition : partitions)
            {
                final long journaled = context.positions().lastOffset(partition.partition());
                if (journaled >= 0)
                {
                    consumer.seek(partition, journaled + 1);
                }
            }
            if (partitions.isEmpty())
            {
                return;
            }
            try
            {
                final Map<TopicPartition, OffsetAndMetadata> kafkaCommitted =
                    consumer.committed(new HashSet<>(partitions), Duration.ofNanos(context.requestTimeoutNs()));
                for (final TopicPartition partition : partitions)
                {
                    final OffsetAndMetadata theirs = kafkaCommitted.get(partition);
                    if (null != theirs && theirs.offset() > context.positions().lastOffset(partition.partition()) + 1)
                    {
                        consumer.seek(partition, theirs.offset()); // another engine owned it meanwhile
                    }
                    committed.put(partition, null == theirs ? 0 : theirs.offset());
                }
            }
            catch (final KafkaException ex)
            {
                context.retryListener().accept("kafka at " + context.bootstrapServers() + ": committed offsets of " +
                    partitions + " unreadable: " + JournalExporter.oneLine(ex) + "; going on from the journal");
            }
        }

        private void awaitJournaled(final Collection<TopicPartition> partitions)
        {
            // what was polled and published from each partition: the position, less what is still unpublished
            final Map<Integer, Long> wanted = new HashMap<>();
            for (final TopicPartition partition : partitions)
            {
                final long position = consumer.position(partition, Duration.ofNanos(context.requestTimeoutNs()));
                wanted.put(partition.partition(), Math.min(position - 1, firstUnpublished(partition) - 1));
            }
            final long deadlineNs = System.nanoTime() + context.requestTimeoutNs();
            for (final Map.Entry<Integer, Long> entry : wanted.entrySet())
            {
                while (context.positions().lastOffset(entry.getKey()) < entry.getValue() &&
                    System.nanoTime() - deadlineNs < 0 && !context.engine().isClosed())
                {
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                }
            }
        }
    }

    /**
     * What to consume and where to publish. Setters return this context; {@link #conclude()} (called by
     * {@link KafkaOrderSource#open}) checks it.
     */
    public static final class Context
    {
        /** Default consumer group. */
        public static final String GROUP_ID_DEFAULT = "herald-store";
        /** Default most records one poll returns. */
        public static final int MAX_POLL_RECORDS_DEFAULT = 500;
        /** Default interval between commits of journaled positions. */
        public static final long COMMIT_INTERVAL_DEFAULT_NS = TimeUnit.SECONDS.toNanos(1);
        /** Default wait for room in the ring before the source tries the same record again. */
        public static final long PUBLISH_TIMEOUT_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(100);
        /** Default time a Kafka call may take. */
        public static final long REQUEST_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(10);

        private String bootstrapServers;
        private String topic;
        private String groupId = GROUP_ID_DEFAULT;
        private String groupInstanceId;
        private Engine engine;
        private SourcePositions positions;
        private int maxPollRecords = MAX_POLL_RECORDS_DEFAULT;
        private long commitIntervalNs = COMMIT_INTERVAL_DEFAULT_NS;
        private long publishTimeoutNs = PUBLISH_TIMEOUT_DEFAULT_NS;
        private long requestTimeoutNs = REQUEST_TIMEOUT_DEFAULT_NS;
        private Consumer<String> retryListener = message -> { };
        private final Map<String, Object> clientProperties = new HashMap<>();

        /**
         * @return this context, checked.
         * @throws IllegalArgumentException naming the first field that is missing or out of range.
         */
        public Context conclude()
        {
            if (null == bootstrapServers || bootstrapServers.isBlank())
            {
                throw new IllegalArgumentException("bootstrapServers is required, e.g. localhost:9092");
            }
            if (null == topic || topic.isBlank())
            {
                throw new IllegalArgumentException("topic is required");
            }
            Objects.requireNonNull(engine, "engine");
            Objects.requireNonNull(positions, "positions (SourcePositions, a stage of the engine)");
            if (null == engine.metrics().stage(SourcePositions.STAGE))
            {
                throw new IllegalArgumentException("the engine has no stage " + SourcePositions.STAGE +
                    ": add positions.stage() to its context");
            }
            if (maxPollRecords < 1)
            {
                throw new IllegalArgumentException("invalid maxPollRecords=" + maxPollRecords + ", must be >= 1");
            }
            return this;
        }

        /** @param bootstrapServers Kafka's {@code host:port[,host:port]}. @return this. */
        public Context bootstrapServers(final String bootstrapServers)
        {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /** @return Kafka's {@code host:port[,host:port]}. */
        public String bootstrapServers()
        {
            return bootstrapServers;
        }

        /** @param topic the orders topic. @return this. */
        public Context topic(final String topic)
        {
            this.topic = topic;
            return this;
        }

        /** @return the orders topic. */
        public String topic()
        {
            return topic;
        }

        /** @param groupId the consumer group; engines of one group share the topic's partitions. @return this. */
        public Context groupId(final String groupId)
        {
            this.groupId = groupId;
            return this;
        }

        /** @return the consumer group. */
        public String groupId()
        {
            return groupId;
        }

        /**
         * @param groupInstanceId a name of this engine that stays the same across its restarts (Kafka's static
         *                        membership): a restarted engine gets its partitions back at once instead of after
         *                        the dead member's session timeout (45 s by default); null (the default) for none.
         * @return this.
         */
        public Context groupInstanceId(final String groupInstanceId)
        {
            this.groupInstanceId = groupInstanceId;
            return this;
        }

        /** @return the static member name, or null. */
        public String groupInstanceId()
        {
            return groupInstanceId;
        }

        /** @param engine the running store engine to publish into. @return this. */
        public Context engine(final Engine engine)
        {
            this.engine = engine;
            return this;
        }

        /** @return the engine. */
        public Engine engine()
        {
            return engine;
        }

        /** @param positions the engine's {@link SourcePositions} stage. @return this. */
        public Context positions(final SourcePositions positions)
        {
            this.positions = positions;
            return this;
        }

        /** @return the engine's source positions. */
        public SourcePositions positions()
        {
            return positions;
        }

        /** @param maxPollRecords most records one poll returns. @return this. */
        public Context maxPollRecords(final int maxPollRecords)
        {
            this.maxPollRecords = maxPollRecords;
            return this;
        }

        /** @return most records one poll returns. */
        public int maxPollRecords()
        {
            return maxPollRecords;
        }

        /** @param commitIntervalNs interval between commits of journaled positions. @return this. */
        public Context commitIntervalNs(final long commitIntervalNs)
        {
            this.commitIntervalNs = commitIntervalNs;
            return this;
        }

        /** @return interval between commits of journaled positions. */
        public long commitIntervalNs()
        {
            return commitIntervalNs;
        }

        /** @param publishTimeoutNs wait for room in the ring before trying again. @return this. */
        public Context publishTimeoutNs(final long publishTimeoutNs)
        {
            this.publishTimeoutNs = publishTimeoutNs;
            return this;
        }

        /** @return wait for room in the ring before trying again. */
        public long publishTimeoutNs()
        {
            return publishTimeoutNs;
        }

        /** @param requestTimeoutNs time a Kafka call may take. @return this. */
        public Context requestTimeoutNs(final long requestTimeoutNs)
        {
            this.requestTimeoutNs = requestTimeoutNs;
            return this;
        }

        /** @return time a Kafka call may take. */
        public long requestTimeoutNs()
        {
            return requestTimeoutNs;
        }

        /** @param retryListener told, on the source's thread, one line per retried failure. @return this. */
        public Context retryListener(final Consumer<String> retryListener)
        {
            this.retryListener = Objects.requireNonNull(retryListener, "retryListener");
            return this;
        }

        /** @return told one line per retried failure. */
        public Consumer<String> retryListener()
        {
            return retryListener;
        }

        /** @param name a Kafka consumer property (security settings). @param value its value. @return this. */
        public Context clientProperty(final String name, final Object value)
        {
            clientProperties.put(name, value);
            return this;
        }

        /** @return the client properties given. */
        public Map<String, Object> clientProperties()
        {
            return clientProperties;
        }
    }
}
