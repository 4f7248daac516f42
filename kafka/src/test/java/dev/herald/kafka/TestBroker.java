package dev.herald.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real single-node KRaft broker (controller and broker combined, loopback only), started once for every test
 * of this JVM and stopped when the JVM exits: starting one takes seconds, so tests share it and each uses topics
 * of its own.
 */
public final class TestBroker
{
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static KafkaClusterTestKit cluster;

    private TestBroker()
    {
    }

    /** @return the broker's bootstrap address, starting it on first use. */
    public static synchronized String bootstrapServers() throws Exception
    {
        if (null == cluster)
        {
            final KafkaClusterTestKit started = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "4")
                .setConfigProp("offsets.topic.num.partitions", "4")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
            started.format();
            started.startup();
            started.waitForReadyBrokers();
            cluster = started;
            Runtime.getRuntime().addShutdownHook(new Thread(() ->
            {
                try
                {
                    started.close();
                }
                catch (final Exception ignore)
                {
                    // the JVM is going away
                }
            }));
        }
        return cluster.bootstrapServers();
    }

    /**
     * @param prefix     names the test.
     * @param partitions of the new topic.
     * @return the name of a new topic no other test uses.
     */
    public static String createTopic(final String prefix, final int partitions) throws Exception
    {
        final String name = prefix + "-" + TOPICS.incrementAndGet();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers())))
        {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short)1))).all().get();
        }
        return name;
    }

    /** Delete a topic, so that a long benchmark does not fill the disk. */
    public static void deleteTopic(final String name) throws Exception
    {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers())))
        {
            admin.deleteTopics(List.of(name)).all().get();
        }
    }

    /** @return every committed record of a topic, partition by partition, read_committed. */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(final String topic) throws Exception
    {
        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
            new ByteArrayDeserializer(), new ByteArrayDeserializer()))
        {
            final List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (!reachedEnd(consumer, partitions, ends))
            {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    private static boolean reachedEnd(
        final KafkaConsumer<byte[], byte[]> consumer,
        final List<TopicPartition> partitions,
        final Map<TopicPartition, Long> ends)
    {
        for (final TopicPartition partition : partitions)
        {
            if (consumer.position(partition) < ends.get(partition))
            {
                return false;
            }
        }
        return true;
    }
}
