package dev.herald.bench;

import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;
import dev.herald.journal.RecordHandler;
import dev.herald.journal.RecordView;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Warm replay throughput from the page cache, in records per second: Herald's {@link JournalReader#replay} handing
 * each record to a handler as a zero-copy view, side by side with a raw FileChannel sequential read of the same
 * bytes (64 KiB chunks, one field read per record) and a Chronicle Queue tailer reading the same records, each
 * replayed again and again by the same reader ({@link ReplayJournals} writes them; Herald's journal spans several
 * segments). {@link JournalColdReplayBenchmark} measures a first replay.
 *
 * <p>One invocation replays the whole journal of {@link #RECORDS} records (the {@code records} parameter may be
 * lowered for a smoke run, which then mis-scales the score; that run asserts nothing about speed).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    JvmArgs.AGRONA, JvmArgs.CQ_1, JvmArgs.CQ_2, JvmArgs.CQ_3, JvmArgs.CQ_4, JvmArgs.CQ_5, JvmArgs.CQ_6,
    JvmArgs.CQ_7, JvmArgs.CQ_8, JvmArgs.CQ_9, JvmArgs.CQ_10, JvmArgs.CQ_NO_ANALYTICS, JvmArgs.CQ_NO_DISK_MONITOR })
@State(Scope.Benchmark)
public class JournalReplayBenchmark
{
    /** Records in each journal and replayed per invocation. */
    public static final int RECORDS = 1 << 20;

    /** Frame length in bytes, header included. */
    @Param({ "128", "512" })
    public int recordSize;

    /** Records written; keep the default for real runs, see the class comment. */
    @Param({ "1048576" })
    public int records;

    /** Herald's reader over a journal written in setup. */
    @State(Scope.Thread)
    public static class HeraldReplay implements RecordHandler
    {
        Path dir;
        JournalReader reader;
        long sum;

        /** @param bench gives the sizes. */
        @Setup(Level.Trial)
        public void write(final JournalReplayBenchmark bench)
        {
            dir = TempDirectory.create("herald-replay");
            ReplayJournals.writeHerald(dir, bench.records, bench.recordSize);
            reader = Journal.openReader(dir);
        }

        /** Delete the journal. */
        @TearDown(Level.Trial)
        public void delete()
        {
            reader.close();
            TempDirectory.delete(dir);
        }

        @Override
        public boolean onRecord(final RecordView record)
        {
            sum += record.sequence();
            return true;
        }
    }

    /** The same bytes back to back in plain files, read with a FileChannel. */
    @State(Scope.Thread)
    public static class RawReplay
    {
        Path dir;
        List<Path> files;
        ByteBuffer chunk;
        UnsafeBuffer chunkBuffer;
        int recordSize;

        /**
         * @param bench gives the sizes.
         * @throws IOException if writing fails.
         */
        @Setup(Level.Trial)
        public void write(final JournalReplayBenchmark bench) throws IOException
        {
            recordSize = bench.recordSize;
            dir = TempDirectory.create("raw-replay");
            files = ReplayJournals.writeRaw(dir, bench.records, recordSize);
            chunk = BufferUtil.allocateDirectAligned(ReplayJournals.CHUNK, 4096);
            chunkBuffer = new UnsafeBuffer(chunk);
        }

        /** Delete the files. */
        @TearDown(Level.Trial)
        public void delete()
        {
            TempDirectory.delete(dir);
        }
    }

    /** A Chronicle queue holding the same records, one document each. */
    @State(Scope.Thread)
    public static class ChronicleReplay
    {
        Path dir;
        ChronicleQueue queue;
        ExcerptTailer tailer;

        /** @param bench gives the sizes. */
        @Setup(Level.Trial)
        public void write(final JournalReplayBenchmark bench)
        {
            dir = TempDirectory.create("chronicle-replay");
            queue = ReplayJournals.writeChronicle(dir, bench.records, bench.recordSize);
            tailer = queue.createTailer();
        }

        /** Close and delete the queue. */
        @TearDown(Level.Trial)
        public void delete()
        {
            tailer.close();
            queue.close();
            TempDirectory.delete(dir);
        }
    }

    /**
     * @param state the reader.
     * @return records replayed.
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long herald(final HeraldReplay state)
    {
        return state.reader.replay(0, Long.MAX_VALUE, state);
    }

    /**
     * @param state the files.
     * @return a sum over one field per record, so the reads are not dead code.
     * @throws IOException if a read fails.
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long rawFileChannel(final RawReplay state) throws IOException
    {
        return ReplayJournals.readRaw(state.files, state.chunk, state.chunkBuffer, state.recordSize);
    }

    /**
     * @param state the tailer.
     * @return a sum over one field per record.
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long chronicleQueue(final ChronicleReplay state)
    {
        return ReplayJournals.readChronicle(state.tailer);
    }
}
