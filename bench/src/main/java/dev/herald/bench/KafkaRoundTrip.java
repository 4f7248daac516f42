package dev.herald.bench;

import dev.herald.engine.Engine;
import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;
import dev.herald.kafka.JournalExporter;
import dev.herald.kafka.KafkaOrderSource;
import dev.herald.kafka.KafkaRecordFormat;
import dev.herald.kafka.SourcePositions;
import dev.herald.kafka.TestBroker;
import dev.herald.store.InMemoryMailer;
import dev.herald.store.InMemoryPaymentGateway;
import dev.herald.store.InMemoryWarehouseClient;
import dev.herald.store.OrderGenerator;
import dev.herald.store.OrderPlacedDecoder;
import dev.herald.store.OrderPlacedEncoder;
import dev.herald.store.OrderRequest;
import dev.herald.store.Store;
import dev.herald.store.StoreMessageTypes;
import dev.herald.store.StoreSchema;
import org.HdrHistogram.Histogram;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Kafka -> Herald -> Kafka latency at a fixed rate: orders produced to an orders topic, taken in by
 * {@link KafkaOrderSource}, through the store's seven reactions (per-batch durability), and each order's terminal
 * fact exported by {@link JournalExporter} to a facts topic, where a read_committed consumer sees it. Latency is
 * from the send of an order to the consumer's receipt of its terminal fact. The baseline, in the same run, is Kafka
 * alone: the same orders at the same rate to a topic that a read_committed consumer reads directly. One broker,
 * in this JVM, for both. The first fifth of the orders warm up and are not recorded; the consumer group's first
 * assignment and the exporter's connect happen before any order is sent.
 *
 * <pre>
 * java --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED -Xmx2g -cp bench/target/benchmarks.jar \
 *   dev.herald.bench.KafkaRoundTrip [--rate 1000] [--seconds 10] [--commit-interval-ms 100]
 * </pre>
 */
public final class KafkaRoundTrip
{
    private KafkaRoundTrip()
    {
    }

    /**
     * One run's latencies, in nanoseconds.
     *
     * @param kafkaAlone produce -> read_committed consume, the baseline.
     * @param herald     order sent -> its terminal fact read from the facts topic.
     * @param engine     OrderPlaced -> its terminal fact, from journal timestamps.
     * @param outflow    terminal fact journaled -> read from the facts topic.
     */
    public record Result(Histogram kafkaAlone, Histogram herald, Histogram engine, Histogram outflow)
    {
    }

    /**
     * @param args see the class comment.
     */
    public static void main(final String[] args) throws Exception
    {
        int rate = 1000;
        int seconds = 10;
        long commitIntervalMs = JournalExporter.Context.COMMIT_INTERVAL_DEFAULT_NS / 1_000_000;
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--commit-interval-ms" -> commitIntervalMs = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option=" + args[i]);
            }
        }
        print(rate, seconds, commitIntervalMs, run(rate, seconds, commitIntervalMs));
        System.exit(0); // the broker's threads are not daemons
    }

    /**
     * @param rate             orders per second.
     * @param seconds          of sending, per path.
     * @param commitIntervalMs the exporter's.
     * @return the latencies.
     */
    public static Result run(final int rate, final int seconds, final long commitIntervalMs) throws Exception
    {
        final List<byte[][]> orders = orders(rate * seconds);
        final String bootstrap = TestBroker.bootstrapServers();

        final String direct = TestBroker.createTopic("direct", 4);
        final Histogram kafkaAlone = measure(bootstrap, direct, direct, orders, rate, false, null);

        final Path journal = TempDirectory.create("kafka-round-trip");
        try
        {
            final String in = TestBroker.createTopic("orders", 4);
            final String out = TestBroker.createTopic("facts", 4);
            final SourcePositions positions = new SourcePositions();
            final OrderGenerator generator = new OrderGenerator(1);
            final Store store = new Store(generator.stockInto(new Store.Context()
                .paymentGateway(new InMemoryPaymentGateway()).mailer(new InMemoryMailer())
                .warehouseClient(new InMemoryWarehouseClient())));
            try (Engine engine = Engine.launch(store.addTo(new Engine.Context()
                .stage(positions.stage())
                .journal(new Journal.Context().directory(journal).applicationId(StoreSchema.APPLICATION_ID)
                    .durability(DurabilityPolicy.PER_BATCH)))))
            {
                final KafkaOrderSource source = KafkaOrderSource.open(new KafkaOrderSource.Context()
                    .bootstrapServers(bootstrap).topic(in).engine(engine).positions(positions));
                final JournalExporter exporter = JournalExporter.open(new JournalExporter.Context()
                    .directory(journal).bootstrapServers(bootstrap).topic(out)
                    .commitIntervalNs(TimeUnit.MILLISECONDS.toNanos(commitIntervalMs))
                    .durableSequence(engine::durableSequence));
                // each on a thread of its own: an exporter's commit waits on the broker, and would hold up intake
                try (AgentRunner runner = new AgentRunner(new SleepingMillisIdleStrategy(1), Throwable::printStackTrace,
                    null, source);
                    AgentRunner exporterRunner = new AgentRunner(new SleepingMillisIdleStrategy(1),
                        Throwable::printStackTrace, null, exporter))
                {
                    AgentRunner.startOnThread(runner);
                    AgentRunner.startOnThread(exporterRunner);
                    while (source.assignedPartitions() < 4 || exporter.connects() == 0)
                    {
                        Thread.sleep(10); // the group's first assignment and the exporter's connect are not measured
                    }
                    final Histogram outflow = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
                    final Histogram herald = measure(bootstrap, in, out, orders, rate, true, outflow);
                    runner.close();
                    exporterRunner.close();
                    engine.close();
                    return new Result(kafkaAlone, herald, insideTheEngine(journal), outflow);
                }
            }
        }
        finally
        {
            TempDirectory.delete(journal);
        }
    }

    private static List<byte[][]> orders(final int count)
    {
        final OrderGenerator generator = new OrderGenerator(5, new OrderGenerator.Config().duplicatePermille(0));
        final OrderRequest request = new OrderRequest();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[OrderPlacedDecoder.MAX_PAYLOAD_LENGTH]);
        final List<byte[][]> orders = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            generator.next(request);
            final int length = OrderPlacedEncoder.INSTANCE.encode(request, buffer, 0, buffer.capacity());
            final byte[] value = new byte[length];
            buffer.getBytes(0, value);
            orders.add(new byte[][] { KafkaRecordFormat.longBytes(request.orderId()), value });
        }
        return orders;
    }

    /**
     * Send the orders at the rate to {@code in}; read {@code out} on this thread between sends; latency from the send
     * of an order to the first record of {@code out} keyed by it that is (when {@code terminal}) a terminal fact.
     */
    private static Histogram measure(
        final String bootstrap,
        final String in,
        final String out,
        final List<byte[][]> orders,
        final int rate,
        final boolean terminal,
        final Histogram outflow)
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final org.agrona.concurrent.EpochNanoClock epoch = new org.agrona.concurrent.OffsetEpochNanoClock();
        final Long2LongHashMap sentNs = new Long2LongHashMap(orders.size() * 2, 0.65f, -1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 0),
                new ByteArraySerializer(), new ByteArraySerializer());
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer()))
        {
            final List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(out).forEach(p -> partitions.add(new TopicPartition(out, p.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            final long intervalNs = TimeUnit.SECONDS.toNanos(1) / rate;
            final long startNs = System.nanoTime();
            int next = 0;
            final long deadlineNs = startNs + intervalNs * orders.size() + TimeUnit.SECONDS.toNanos(30);
            final int warmup = orders.size() / 5;
            int received = 0;
            while (received < orders.size() && System.nanoTime() - deadlineNs < 0)
            {
                while (next < orders.size() && System.nanoTime() - (startNs + next * intervalNs) >= 0)
                {
                    final byte[][] order = orders.get(next++);
                    // the intended send time, so a stall of the sender counts (no coordinated omission)
                    sentNs.put(KafkaRecordFormat.decodeLong(order[0]), startNs + (next - 1) * intervalNs);
                    producer.send(new ProducerRecord<>(in, order[0], order[1]));
                }
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(1)))
                {
                    if (terminal)
                    {
                        final int type = KafkaRecordFormat.decodeInt(
                            record.headers().lastHeader(KafkaRecordFormat.TYPE).value());
                        if (type != StoreMessageTypes.ORDER_COMPLETED && type != StoreMessageTypes.ORDER_CANCELLED)
                        {
                            continue;
                        }
                    }
                    final long orderId = KafkaRecordFormat.decodeLong(record.key());
                    final long sent = sentNs.remove(orderId);
                    if (sent != -1)
                    {
                        received++;
                        if (received > warmup)
                        {
                            histogram.recordValue(Math.max(1, System.nanoTime() - sent));
                            if (terminal)
                            {
                                outflow.recordValue(Math.max(1, epoch.nanoTime() - KafkaRecordFormat.longHeader(
                                    record.headers(), KafkaRecordFormat.TIMESTAMP, 0)));
                            }
                        }
                    }
                }
            }
        }
        return histogram;
    }

    /**
     * From the journal alone: each order's terminal fact's timestamp minus its OrderPlaced's, the part of the round
     * trip spent inside the engine (the seven reactions, per-batch durability between causal steps).
     */
    private static Histogram insideTheEngine(final Path journal)
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final Long2LongHashMap placedAt = new Long2LongHashMap(-1);
        try (dev.herald.journal.JournalReader reader = Journal.openReader(journal))
        {
            reader.replay(0, Long.MAX_VALUE, record ->
            {
                if (record.messageType() == StoreMessageTypes.ORDER_PLACED)
                {
                    placedAt.put(record.correlationId(), record.timestamp());
                }
                else if (record.messageType() == StoreMessageTypes.ORDER_COMPLETED ||
                    record.messageType() == StoreMessageTypes.ORDER_CANCELLED)
                {
                    final long placed = placedAt.remove(record.correlationId());
                    if (placed != -1)
                    {
                        histogram.recordValue(Math.max(1, record.timestamp() - placed));
                    }
                }
                return true;
            });
        }
        return histogram;
    }

    private static void print(final int rate, final int seconds, final long commitIntervalMs, final Result result)
    {
        System.out.printf(Locale.ROOT, "%,d orders/s for %d s, exporter commit interval %d ms, broker in this JVM, " +
            "latency in ms%n%n", rate, seconds, commitIntervalMs);
        System.out.println("| path | orders recorded | p50 | p99 | p99.9 | max |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        row("Kafka alone: produce -> read_committed consume", result.kafkaAlone());
        row("Kafka -> source -> 7 reactions (per-batch) -> exporter -> Kafka", result.herald());
        row("... of which inside the engine: OrderPlaced to its terminal fact (journal timestamps)", result.engine());
        row("... of which terminal fact journaled to read from the facts topic (exporter, consumer)",
            result.outflow());
    }

    private static void row(final String name, final Histogram histogram)
    {
        System.out.printf(Locale.ROOT, "| %s | %,d | %.2f | %.2f | %.2f | %.2f |%n", name, histogram.getTotalCount(),
            histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(99) / 1e6,
            histogram.getValueAtPercentile(99.9) / 1e6, histogram.getMaxValue() / 1e6);
    }
}
