package dev.herald.kafka;

import dev.herald.engine.Engine;
import dev.herald.engine.HandlerFailure;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;
import dev.herald.journal.RecordDescriptor;
import dev.herald.store.OrderRequest;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Kafka source against a real broker: every record becomes exactly one fact in the journal, a bad one a
 * failure fact with its partition and offset, and a restarted engine goes on from its journal.
 */
class KafkaOrderSourceTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldTakeEachRecordOnceAcrossARestartAndRejectBadOnes() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final String topic = TestBroker.createTopic("orders", 2);
        SourceSupport.produceOrders(topic, 200, 3);
        final OrderRequest invalid = new OrderRequest().orderId(77).customerId(1).currency("EUR")
            .contact("a@b.c").addItem(10_001, 1, 500).total(999);       // the total does not add up
        SourceSupport.produceRaw(topic, new byte[] { 1, 2, 3 }, SourceSupport.orderBytes(invalid), null);

        runSourceUntil(journal, topic, 203);
        SourceSupport.produceOrders(topic, 100, 4);
        runSourceUntil(journal, topic, 303);

        final List<SourceSupport.Taken> taken = SourceSupport.taken(journal);
        final Set<String> positions = new HashSet<>();
        for (final SourceSupport.Taken one : taken)
        {
            assertTrue(positions.add(one.partition() + "@" + one.offset()), "taken twice: " + one);
        }
        assertEquals(303, taken.size(), "every record once");
        final List<SourceSupport.Taken> failures = taken.stream().filter(SourceSupport::isFailure).toList();
        assertEquals(3, failures.size(), failures::toString);
        assertTrue(failures.stream().allMatch(f -> f.partition() == 0));

        final List<String> messages = new ArrayList<>();
        try (JournalReader reader = Journal.openReader(journal))
        {
            reader.replay(0, Long.MAX_VALUE, record ->
            {
                if (record.messageType() == RecordDescriptor.TYPE_HANDLER_FAILED && record.hasSourcePosition())
                {
                    assertEquals("kafka-source " + topic, HandlerFailure.stageName(record));
                    messages.add(HandlerFailure.message(record));
                }
                return true;
            });
        }
        assertTrue(messages.get(0).startsWith("record " + topic + "-0@"), messages::toString);
        assertTrue(messages.get(0).contains("invalid payloadLength=3"), messages::toString);
        assertTrue(messages.get(1).contains("invalid total=999"), messages::toString);
        assertTrue(messages.get(2).contains("tombstone"), messages::toString);

        // offsets were committed once journaled, for monitoring: at the end of each partition now
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestBroker.bootstrapServers())))
        {
            final Map<TopicPartition, OffsetAndMetadata> committed = admin
                .listConsumerGroupOffsets(KafkaOrderSource.Context.GROUP_ID_DEFAULT + "-" + topic)
                .partitionsToOffsetAndMetadata().get();
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            final var ends = admin.listOffsets(latest).all().get();
            assertEquals(2, committed.size());
            committed.forEach((partition, offset) -> assertEquals(ends.get(partition).offset(), offset.offset()));
        }
    }

    /** Launch the store over the journal, run a source until the journal holds {@code records} sourced facts. */
    private static void runSourceUntil(final Path journal, final String topic, final int records) throws Exception
    {
        final int before = java.nio.file.Files.exists(journal) ? SourceSupport.taken(journal).size() : 0;
        final SourcePositions positions = new SourcePositions();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Engine engine = SourceSupport.launchStore(journal, positions))
        {
            final KafkaOrderSource source = KafkaOrderSource.open(new KafkaOrderSource.Context()
                .bootstrapServers(TestBroker.bootstrapServers())
                .topic(topic)
                .groupId(KafkaOrderSource.Context.GROUP_ID_DEFAULT + "-" + topic)
                .engine(engine)
                .positions(positions)
                .commitIntervalNs(50_000_000L)
                .retryListener(message -> System.err.println("source: " + message)));
            try (AgentRunner runner = new AgentRunner(new SleepingMillisIdleStrategy(1), failure::set, null, source))
            {
                AgentRunner.startOnThread(runner);
                while (before + source.published() + source.rejected() < records ||
                    engine.metrics().stage(SourcePositions.STAGE).lag() > 0)
                {
                    assertNull(failure.get());
                    Thread.sleep(10);
                }
            }
        }
        assertNull(failure.get());
    }
}
