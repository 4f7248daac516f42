package dev.herald.kafka;

import dev.herald.engine.Engine;
import dev.herald.store.OrderGenerator;
import dev.herald.store.OrderRequest;
import dev.herald.store.StoreMessageTypes;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Scale-out, shown: two store engines in one consumer group share a 4-partition orders topic (keyed by order id),
 * the second joining while the first is busy, and each exports its journal to one output topic. Every order must
 * reach exactly one terminal fact (OrderCompleted or OrderCancelled) across both.
 */
class ScaleOutTest
{
    private static final int ORDERS = 2_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldEndEveryOrderOnceAcrossTwoEngines() throws Exception
    {
        final String orders = TestBroker.createTopic("scale-orders", 4);
        final String facts = TestBroker.createTopic("scale-facts", 4);
        final Set<Long> orderIds = distinctOrderIds(ORDERS, 12);
        final List<byte[][]> records = SourceSupport.orderRecords(ORDERS, 12);
        SourceSupport.produce(orders, records.subList(0, 600), 0);

        final AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Node first = new Node(dir.resolve("engine-1"), "engine-1", orders, facts, failure))
        {
            while (first.source.published() < 300)
            {
                assertNull(failure.get());
                Thread.sleep(5);
            }
            try (Node second = new Node(dir.resolve("engine-2"), "engine-2", orders, facts, failure))
            {
                while (second.source.assignedPartitions() == 0 || first.source.assignedPartitions() == 4)
                {
                    assertNull(failure.get());
                    Thread.sleep(5);
                }
                // the rest arrives once the partitions have moved: both engines take part
                SourceSupport.produce(orders, records.subList(600, ORDERS), 1);
                final Map<Long, Integer> terminal = new HashMap<>();
                while (terminal.size() < orderIds.size())
                {
                    assertNull(failure.get());
                    Thread.sleep(200);
                    terminal.clear();
                    for (final ConsumerRecord<byte[], byte[]> record : TestBroker.readCommitted(facts))
                    {
                        final int type = KafkaRecordFormat.decodeInt(
                            record.headers().lastHeader(KafkaRecordFormat.TYPE).value());
                        if (type == StoreMessageTypes.ORDER_COMPLETED || type == StoreMessageTypes.ORDER_CANCELLED)
                        {
                            terminal.merge(KafkaRecordFormat.decodeLong(record.key()), 1, Integer::sum);
                        }
                    }
                }
                assertTrue(second.source.published() > 0, "the second engine took part");
                assertTrue(first.source.published() > 300, "the first engine went on");
                assertEquals(orderIds, terminal.keySet(), "every order ended");
                terminal.forEach((order, count) -> assertEquals(1, count, "order " + order + " ended once"));
            }
        }
        assertNull(failure.get());
    }

    private static Set<Long> distinctOrderIds(final int count, final long seed)
    {
        final OrderGenerator generator = new OrderGenerator(seed);
        final OrderRequest request = new OrderRequest();
        final Set<Long> ids = new HashSet<>();
        for (int i = 0; i < count; i++)
        {
            generator.next(request);
            ids.add(request.orderId());
        }
        return ids;
    }

    /** One engine: the store over its own journal, fed by the group's source, exporting to the facts topic. */
    private static final class Node implements AutoCloseable
    {
        final Engine engine;
        final KafkaOrderSource source;
        final AgentRunner runner;

        Node(final Path journal, final String name, final String orders, final String facts,
            final AtomicReference<Throwable> failure) throws Exception
        {
            final SourcePositions positions = new SourcePositions();
            engine = SourceSupport.launchStore(journal, positions);
            source = KafkaOrderSource.open(new KafkaOrderSource.Context()
                .bootstrapServers(TestBroker.bootstrapServers())
                .topic(orders)
                .groupId("scale-" + orders)
                .groupInstanceId(name)
                .engine(engine)
                .positions(positions)
                .retryListener(message -> System.err.println(name + " source: " + message)));
            final JournalExporter exporter = JournalExporter.open(new JournalExporter.Context()
                .directory(journal)
                .bootstrapServers(TestBroker.bootstrapServers())
                .topic(facts)
                .durableSequence(engine::durableSequence)
                .retryListener(message -> System.err.println(name + " exporter: " + message)));
            runner = new AgentRunner(new SleepingMillisIdleStrategy(1), failure::set, null,
                new CompositeAgent(List.of(source, exporter)));
            AgentRunner.startOnThread(runner);
        }

        @Override
        public void close()
        {
            runner.close();
            engine.close();
        }
    }
}
