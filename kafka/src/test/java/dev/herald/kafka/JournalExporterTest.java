package dev.herald.kafka;

import dev.herald.engine.Engine;
import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;
import dev.herald.store.InMemoryMailer;
import dev.herald.store.InMemoryPaymentGateway;
import dev.herald.store.InMemoryWarehouseClient;
import dev.herald.store.OrderGenerator;
import dev.herald.store.OrderPlacedEncoder;
import dev.herald.store.OrderRequest;
import dev.herald.store.Store;
import dev.herald.store.StoreMessageTypes;
import dev.herald.store.StoreSchema;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static dev.herald.kafka.KafkaRecordFormat.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The exporter against a real broker: a store journal reaches the topic record for record, a restart resumes
 * after what the topic holds, a second exporter fences the first, and an unreachable broker is a retry, not a hang.
 */
class JournalExporterTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldExportStoreJournalRecordForRecord() throws Exception
    {
        final Path journal = dir.resolve("journal");
        StoreJournals.writeStoreJournal(journal, 300, 11);
        final String topic = TestBroker.createTopic("export", 3);

        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (JournalExporter exporter = JournalExporter.open(context(journal, topic).maxRecordsPerTransaction(100)))
        {
            new ExporterMeterBinder(exporter, Tags.of("app", "test")).bindTo(registry);
            runUntilCaughtUp(exporter);
            assertEquals(-1, exporter.resumedAfter(), "a new topic holds nothing of the journal");
            assertEquals(exporter.exportedSequence(), registry.get("herald.export.sequence.exported")
                .tag("topic", topic).gauge().value());
            assertEquals(exporter.transactions(), registry.get("herald.export.transactions").functionCounter().count());
            assertTrue(exporter.transactions() >= StoreJournals.lastSequence(journal) / 100);
            assertEquals(0, registry.get("herald.export.lag.records").gauge().value());
        }

        final List<StoreJournals.Fact> facts = StoreJournals.read(journal);
        assertTopicHoldsExactly(facts, topic, StoreJournals.journalId(journal));
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldResumeAfterWhatTheTopicHoldsWhileTheJournalGrows() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final long first = StoreJournals.writeStoreJournal(journal, 100, 5);
        final String topic = TestBroker.createTopic("resume", 2);
        try (JournalExporter exporter = JournalExporter.open(context(journal, topic)))
        {
            runUntilCaughtUp(exporter);
            assertEquals(first, exporter.exportedSequence());
        }

        // the store resumes over its journal and appends; a new exporter picks up right after the topic's last
        StoreJournals.writeStoreJournal(journal, 100, 6);
        try (JournalExporter exporter = JournalExporter.open(context(journal, topic)))
        {
            runUntilCaughtUp(exporter);
            assertEquals(first, exporter.resumedAfter(), "resumed after the last sequence in the topic");
        }
        assertTopicHoldsExactly(StoreJournals.read(journal), topic, StoreJournals.journalId(journal));
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldFollowAJournalThatGrowsDuringExport() throws Exception
    {
        final Path journal = dir.resolve("journal");
        StoreJournals.writeStoreJournal(journal, 50, 1);
        final String topic = TestBroker.createTopic("follow", 2);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final JournalExporter exporter = JournalExporter.open(context(journal, topic));
        try (AgentRunner runner = new AgentRunner(
            new SleepingMillisIdleStrategy(1), failure::set, null, exporter))
        {
            AgentRunner.startOnThread(runner);
            for (int round = 0; round < 3; round++)
            {
                final long last = StoreJournals.writeStoreJournal(journal, 50, 100 + round);
                awaitExported(exporter, last, failure);
            }
        }
        assertNull(failure.get());
        assertTopicHoldsExactly(StoreJournals.read(journal), topic, StoreJournals.journalId(journal));
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldExportOnlyWhatIsDurableBesideALiveEngine() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final String topic = TestBroker.createTopic("live", 2);
        final OrderGenerator generator = new OrderGenerator(9);
        final Store store = new Store(generator.stockInto(new Store.Context()
            .paymentGateway(generator.declineInto(new InMemoryPaymentGateway()))
            .mailer(new InMemoryMailer()).warehouseClient(new InMemoryWarehouseClient())));
        final OrderRequest request = new OrderRequest();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicLong maxExportedPastDurable = new AtomicLong(Long.MIN_VALUE);
        final Engine engine = Engine.launch(store.addTo(new Engine.Context()
            .journal(new Journal.Context().directory(journal).applicationId(StoreSchema.APPLICATION_ID)
                .durability(DurabilityPolicy.PER_BATCH))));
        final JournalExporter exporter = JournalExporter.open(context(journal, topic)
            .durableSequence(engine::durableSequence));
        try (AgentRunner runner = new AgentRunner(new SleepingMillisIdleStrategy(1), failure::set, null, exporter))
        {
            AgentRunner.startOnThread(runner);
            for (int i = 0; i < 300; i++)
            {
                generator.next(request);
                engine.publish(StoreMessageTypes.ORDER_PLACED, StoreSchema.SCHEMA_VERSION, request.orderId(),
                    OrderPlacedEncoder.INSTANCE, request, 10, TimeUnit.SECONDS);
                maxExportedPastDurable.accumulateAndGet(
                    exporter.sentSequence() - engine.durableSequence(), Math::max);
            }
            engine.close();
            awaitExported(exporter, engine.durableSequence(), failure);
        }
        assertTrue(maxExportedPastDurable.get() <= 0, "sent past the durable sequence");
        assertTopicHoldsExactly(StoreJournals.read(journal), topic, StoreJournals.journalId(journal));
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldFenceTheFirstExporterWhenASecondStarts() throws Exception
    {
        final Path journal = dir.resolve("journal");
        StoreJournals.writeStoreJournal(journal, 100, 2);
        final String topic = TestBroker.createTopic("fence", 1);
        try (JournalExporter first = JournalExporter.open(context(journal, topic).maxRecordsPerTransaction(10));
            JournalExporter second = JournalExporter.open(context(journal, topic)))
        {
            while (first.exportedSequence() < 0)
            {
                first.doWork();                 // connects, then commits transactions of 10
            }

            runUntilCaughtUp(second);           // fences the first, exports the rest
            assertEquals(first.transactionalId(), second.transactionalId());

            final ExportException fenced = assertThrows(ExportException.class, () ->
            {
                for (int i = 0; i < 1000; i++)
                {
                    first.doWork();
                }
            });
            assertEquals(ExportException.Reason.FENCED, fenced.reason());
            assertTrue(fenced.getMessage().contains("took over"), fenced.getMessage());
        }
        assertTopicHoldsExactly(StoreJournals.read(journal), topic, StoreJournals.journalId(journal));
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldRetryWithAOneLineReasonWhenTheBrokerIsUnreachable() throws Exception
    {
        final Path journal = dir.resolve("journal");
        StoreJournals.writeStoreJournal(journal, 20, 3);
        final List<String> retries = new CopyOnWriteArrayList<>();
        final long startNs = System.nanoTime();
        try (JournalExporter exporter = JournalExporter.open(new JournalExporter.Context()
            .directory(journal)
            .bootstrapServers("127.0.0.1:1")
            .topic("nowhere")
            .requestTimeoutNs(TimeUnit.MILLISECONDS.toNanos(1500))
            .retryBackoffNs(TimeUnit.MILLISECONDS.toNanos(100))
            .retryListener(retries::add)))
        {
            while (retries.size() < 2)
            {
                exporter.doWork();
                Thread.sleep(10);
            }
            assertEquals(-1, exporter.exportedSequence());
            assertEquals(2, exporter.retries(), "each failed attempt counted");
        }
        final long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNs);
        assertTrue(seconds < 20, "two attempts took " + seconds + " s");
        assertTrue(retries.get(0).startsWith("kafka at 127.0.0.1:1: "), retries.get(0));
        assertTrue(retries.get(0).endsWith("; retrying in 100 ms"), retries.get(0));
        assertFalse(retries.get(0).contains("\n"));
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldRefuseAMissingTopicByName() throws Exception
    {
        final Path journal = dir.resolve("journal");
        StoreJournals.writeStoreJournal(journal, 5, 3);
        try (JournalExporter exporter = JournalExporter.open(context(journal, "no-such-topic")))
        {
            final ExportException ex = assertThrows(ExportException.class, exporter::doWork);
            assertEquals(ExportException.Reason.NO_TOPIC, ex.reason());
            assertTrue(ex.getMessage().startsWith("topic no-such-topic does not exist"), ex.getMessage());
        }
    }

    static JournalExporter.Context context(final Path journal, final String topic) throws Exception
    {
        return new JournalExporter.Context()
            .retryListener(message -> System.err.println("exporter: " + message))
            .directory(journal)
            .bootstrapServers(TestBroker.bootstrapServers())
            .topic(topic);
    }

    static void runUntilCaughtUp(final JournalExporter exporter) throws Exception
    {
        while (!exporter.isCaughtUp())
        {
            exporter.doWork();
        }
    }

    private static void awaitExported(
        final JournalExporter exporter, final long sequence, final AtomicReference<Throwable> failure)
        throws InterruptedException
    {
        while (exporter.exportedSequence() < sequence)
        {
            assertNull(failure.get(), "exporter failed");
            Thread.sleep(5);
        }
    }

    /** The topic holds every record of the journal once, in journal order per order, headers and payload equal. */
    static void assertTopicHoldsExactly(
        final List<StoreJournals.Fact> facts, final String topic, final long journalId) throws Exception
    {
        assertTrue(facts.size() > 10, "a journal worth exporting: " + facts.size() + " records");
        final List<ConsumerRecord<byte[], byte[]>> records = TestBroker.readCommitted(topic);
        final Map<Long, ConsumerRecord<byte[], byte[]>> bySequence = new HashMap<>();
        final Map<Integer, Long> lastSequenceByPartition = new HashMap<>();
        final Map<Long, Integer> partitionByOrder = new HashMap<>();
        for (final ConsumerRecord<byte[], byte[]> record : records)
        {
            assertTrue(isFrom(record.headers(), journalId), "record from another journal");
            final long sequence = longHeader(record.headers(), SEQUENCE, -1);
            assertNull(bySequence.put(sequence, record), "sequence " + sequence + " exported twice");
            final Long previous = lastSequenceByPartition.put(record.partition(), sequence);
            assertTrue(null == previous || previous < sequence, "journal order kept within a partition");
            final long order = decodeLong(record.key());
            final Integer partition = partitionByOrder.putIfAbsent(order, record.partition());
            assertTrue(null == partition || partition == record.partition(), "order " + order + " in one partition");
        }
        final List<Long> missing = new ArrayList<>();
        for (final StoreJournals.Fact fact : facts)
        {
            final ConsumerRecord<byte[], byte[]> record = bySequence.get(fact.sequence());
            if (null == record)
            {
                missing.add(fact.sequence());
                continue;
            }
            final Headers headers = record.headers();
            assertEquals(fact.correlation(), decodeLong(record.key()));
            assertArrayEquals(fact.payload(), record.value(), "payload of " + fact.sequence());
            assertEquals(fact.type(), decodeInt(headers.lastHeader(TYPE).value()));
            assertEquals(fact.causation(), longHeader(headers, CAUSATION, 0));
            assertEquals(fact.timestamp(), longHeader(headers, TIMESTAMP, 0));
            assertEquals(fact.timestamp() / 1_000_000, record.timestamp());
        }
        assertEquals(List.of(), missing, "sequences missing from the topic");
        assertEquals(facts.size(), records.size(), "nothing but the journal's records");
    }
}
