package dev.herald.bench;

import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;
import dev.herald.journal.JournalWriter;
import dev.herald.journal.RecordHandler;
import dev.herald.journal.RecordView;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replay time against journal size, with heap use: grows one journal of 128-byte records through a list of sizes
 * and replays the whole of it at each, reporting records, seconds, records per second and the heap in use after
 * the replay. Run it with a small heap ({@code -Xmx64m}) to show that memory does not grow with the journal.
 *
 * <pre>
 * java --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED -Xmx64m -cp bench/target/benchmarks.jar \
 *   dev.herald.bench.ReplayScaling [--sizes-mib 256,512,1024,2048,4096] [--record-size 128]
 * </pre>
 */
public final class ReplayScaling
{
    private ReplayScaling()
    {
    }

    /** One replay. */
    public record Row(long journalBytes, long records, double seconds, long heapUsedBytes, long heapMaxBytes)
    {
        /** @return records per second. */
        public double recordsPerSecond()
        {
            return records / seconds;
        }
    }

    /**
     * @param args see the class comment.
     */
    public static void main(final String[] args)
    {
        long[] sizesMib = { 256, 512, 1024, 2048, 4096 };
        int recordSize = 128;
        for (int i = 0; i < args.length; i += 2)
        {
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException("missing value for option=" + args[i]);
            }
            switch (args[i])
            {
                case "--sizes-mib":
                    final String[] parts = args[i + 1].split(",");
                    sizesMib = new long[parts.length];
                    for (int p = 0; p < parts.length; p++)
                    {
                        sizesMib[p] = Long.parseLong(parts[p].trim());
                    }
                    break;
                case "--record-size":
                    recordSize = Integer.parseInt(args[i + 1]);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option=" + args[i]);
            }
        }
        print(run(sizesMib, recordSize), System.out);
    }

    /**
     * @param sizesMib   journal sizes to replay at, ascending.
     * @param recordSize frame length of each record.
     * @return one row per size.
     */
    public static List<Row> run(final long[] sizesMib, final int recordSize)
    {
        final Path dir = TempDirectory.create("replay-scaling");
        final List<Row> rows = new ArrayList<>();
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[recordSize]);
        Frames.fill(frame, 0, recordSize, 0);
        final long[] sum = new long[1];
        final RecordHandler handler = (RecordView record) ->
        {
            sum[0] += record.sequence();
            return true;
        };
        try (JournalWriter writer = Journal.openWriter(new Journal.Context()
            .directory(dir)
            .segmentLength(256 * 1024 * 1024)
            .durability(DurabilityPolicy.PAGE_CACHE)))
        {
            long written = 0;
            for (final long sizeMib : sizesMib)
            {
                final long target = sizeMib * 1024 * 1024 / recordSize;
                while (written < target)
                {
                    writer.append(frame, 0, recordSize);
                    if ((++written & 1023) == 0)
                    {
                        writer.endOfBatch();
                    }
                }
                writer.endOfBatch();
                try (JournalReader reader = Journal.openReader(dir))
                {
                    reader.replay(0, Long.MAX_VALUE, handler);
                    final long start = System.nanoTime();
                    final long records = reader.replay(0, Long.MAX_VALUE, handler);
                    final double seconds = (System.nanoTime() - start) / 1e9;
                    if (records != written)
                    {
                        throw new IllegalStateException("replayed records=" + records + ", expected " + written);
                    }
                    rows.add(new Row(written * recordSize, records, seconds,
                        memory.getHeapMemoryUsage().getUsed(), memory.getHeapMemoryUsage().getMax()));
                }
            }
        }
        finally
        {
            TempDirectory.delete(dir);
        }
        return rows;
    }

    /**
     * Print a markdown table.
     *
     * @param rows to print.
     * @param out  where.
     */
    public static void print(final List<Row> rows, final PrintStream out)
    {
        out.println("| journal MiB | records | replay s | M records/s | heap used MiB | heap max MiB |");
        out.println("|---:|---:|---:|---:|---:|---:|");
        for (final Row row : rows)
        {
            out.printf(Locale.ROOT, "| %,d | %,d | %.3f | %.1f | %.1f | %.0f |%n",
                row.journalBytes() / (1024 * 1024), row.records(), row.seconds(), row.recordsPerSecond() / 1e6,
                row.heapUsedBytes() / 1048576.0, row.heapMaxBytes() / 1048576.0);
        }
    }
}
