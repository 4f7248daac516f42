package dev.herald.bench;

import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;
import dev.herald.journal.JournalWriter;
import dev.herald.journal.RecordDescriptor;
import dev.herald.kafka.JournalExporter;
import dev.herald.kafka.KafkaRecordFormat;
import dev.herald.kafka.TestBroker;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Export throughput against its baseline, in the same run and against the same broker: {@link JournalExporter}
 * (transactions, read-back of the topic's end at start) against a plain idempotent {@link KafkaProducer} that
 * sends the same records, built the same way from the same journal, with the same batching, then flushes. The
 * broker is the tests' single-node KRaft one, in this JVM, so both sides share the machine with it alike. Rounds
 * alternate the two, each into a fresh topic.
 *
 * <pre>
 * java --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED -Xmx2g -cp bench/target/benchmarks.jar \
 *   dev.herald.bench.ExportThroughput [--records 1000000] [--payload 64] [--partitions 4] [--rounds 3]
 * </pre>
 */
public final class ExportThroughput
{
    private ExportThroughput()
    {
    }

    /** One round: both sides' records per second. */
    public record Row(int round, long records, double rawSeconds, double exportSeconds)
    {
        /** @return export throughput over the raw producer's. */
        public double ratio()
        {
            return rawSeconds / exportSeconds;
        }
    }

    /**
     * @param args see the class comment.
     */
    public static void main(final String[] args) throws Exception
    {
        long records = 1_000_000;
        int payload = 64;
        int partitions = 4;
        int rounds = 3;
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--records" -> records = Long.parseLong(args[i + 1]);
                case "--payload" -> payload = Integer.parseInt(args[i + 1]);
                case "--partitions" -> partitions = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option=" + args[i]);
            }
        }
        print(run(records, payload, partitions, rounds), payload, partitions, System.out);
        System.exit(0); // the broker's threads are not daemons
    }

    /**
     * @param records    in the journal.
     * @param payload    bytes per record.
     * @param partitions of each topic.
     * @param rounds     measured, after one warm-up round.
     * @return one row per measured round.
     */
    public static List<Row> run(final long records, final int payload, final int partitions, final int rounds)
        throws Exception
    {
        final Path dir = TempDirectory.create("export-throughput");
        try
        {
            writeJournal(dir, records, payload);
            final String bootstrap = TestBroker.bootstrapServers();
            final List<Row> rows = new ArrayList<>();
            for (int round = 0; round <= rounds; round++)
            {
                final String rawTopic = TestBroker.createTopic("raw", partitions);
                final String exportTopic = TestBroker.createTopic("export", partitions);
                // the side that goes second meets the broker still writing back the first one's log: alternate
                final boolean rawFirst = (round & 1) == 0;
                final double raw1 = rawFirst ? raw(dir, bootstrap, rawTopic) : 0;
                final double export = export(dir, bootstrap, exportTopic);
                final double raw = rawFirst ? raw1 : raw(dir, bootstrap, rawTopic);
                TestBroker.deleteTopic(rawTopic);
                TestBroker.deleteTopic(exportTopic);
                if (round > 0) // round 0 warms up the broker, the clients and the JIT
                {
                    rows.add(new Row(round, records, raw, export));
                }
            }
            return rows;
        }
        finally
        {
            TempDirectory.delete(dir);
        }
    }

    private static void writeJournal(final Path dir, final long records, final int payloadLength)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[payloadLength]);
        try (JournalWriter writer = Journal.openWriter(new Journal.Context()
            .directory(dir)
            .segmentLength(256 * 1024 * 1024)
            .durability(DurabilityPolicy.PAGE_CACHE)))
        {
            for (long i = 0; i < records; i++)
            {
                payload.putLong(0, i);
                writer.append(1, (short)1, (short)0, i % 100_000, RecordDescriptor.NO_CAUSATION, payload, 0,
                    payloadLength);
                if ((i & 1023) == 1023)
                {
                    writer.endOfBatch();
                }
            }
            writer.endOfBatch();
        }
    }

    private static double raw(final Path dir, final String bootstrap, final String topic)
    {
        final Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        final java.util.concurrent.atomic.AtomicReference<Exception> failure =
            new java.util.concurrent.atomic.AtomicReference<>();
        final long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
            JournalReader reader = Journal.openReader(dir))
        {
            final long journalId = reader.journalId();
            reader.replay(0, Long.MAX_VALUE, record ->
            {
                producer.send(new ProducerRecord<>(topic, null, KafkaRecordFormat.timestampMs(record),
                    KafkaRecordFormat.key(record), KafkaRecordFormat.value(record),
                    KafkaRecordFormat.headers(record, journalId)), (metadata, exception) ->
                    {
                        if (null != exception && null == failure.get())
                        {
                            failure.set(exception);
                        }
                    });
                return true;
            });
            producer.flush();
        }
        if (null != failure.get())
        {
            throw new IllegalStateException("the raw producer lost records: " + failure.get(), failure.get());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double export(final Path dir, final String bootstrap, final String topic) throws Exception
    {
        final long start = System.nanoTime();
        try (JournalExporter exporter = JournalExporter.open(new JournalExporter.Context()
            .directory(dir)
            .bootstrapServers(bootstrap)
            .topic(topic)))
        {
            while (!exporter.isCaughtUp())
            {
                exporter.doWork();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void print(final List<Row> rows, final int payload, final int partitions, final PrintStream out)
    {
        out.printf(Locale.ROOT, "records of %d payload bytes, topic of %d partitions, broker in this JVM%n%n",
            payload, partitions);
        out.println("| round | records | raw producer records/s | exporter records/s | exporter / raw |");
        out.println("|---:|---:|---:|---:|---:|");
        for (final Row row : rows)
        {
            out.printf(Locale.ROOT, "| %d | %,d | %,.0f | %,.0f | %.2fx |%n", row.round(), row.records(),
                row.records() / row.rawSeconds(), row.records() / row.exportSeconds(), row.ratio());
        }
        double raw = 0;
        double export = 0;
        for (final Row row : rows)
        {
            raw += row.rawSeconds();
            export += row.exportSeconds();
        }
        out.printf(Locale.ROOT, "%nall rounds: exporter / raw = %.2fx (total time of the raw producer over the " +
            "exporter's)%n", raw / export);
    }
}
