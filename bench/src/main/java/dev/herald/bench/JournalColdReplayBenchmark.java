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
 * Cold replay, nanoseconds per record: the first replay of files that are in the page cache (just written) but have
 * never been mapped or read by this process, as after a restart. Every measured iteration writes fresh files in its
 * set-up (not measured) and replays them once: Herald's reader (it maps each segment afresh), a raw FileChannel read
 * of the same bytes, and a new Chronicle Queue instance over a queue written by another, closed, one.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {
    JvmArgs.AGRONA, JvmArgs.CQ_1, JvmArgs.CQ_2, JvmArgs.CQ_3, JvmArgs.CQ_4, JvmArgs.CQ_5, JvmArgs.CQ_6,
    JvmArgs.CQ_7, JvmArgs.CQ_8, JvmArgs.CQ_9, JvmArgs.CQ_10, JvmArgs.CQ_NO_ANALYTICS, JvmArgs.CQ_NO_DISK_MONITOR })
@State(Scope.Benchmark)
public class JournalColdReplayBenchmark
{
    /** Records in each journal. */
    public static final int RECORDS = 1 << 20;

    /** Frame length in bytes, header included. */
    @Param({ "128", "512" })
    public int recordSize;

    /** Records written; keep the default for real runs (a smoke run lowers it and mis-scales the score). */
    @Param({ "1048576" })
    public int records;

    /** A fresh Herald journal per iteration. */
    @State(Scope.Thread)
    public static class HeraldCold implements RecordHandler
    {
        Path dir;
        long sum;

        /** @param bench gives the sizes. */
        @Setup(Level.Iteration)
        public void write(final JournalColdReplayBenchmark bench)
        {
            dir = TempDirectory.create("herald-cold");
            ReplayJournals.writeHerald(dir, bench.records, bench.recordSize);
        }

        /** Delete the journal. */
        @TearDown(Level.Iteration)
        public void delete()
        {
            TempDirectory.delete(dir);
        }

        @Override
        public boolean onRecord(final RecordView record)
        {
            sum += record.sequence();
            return true;
        }
    }

    /** Fresh plain files per iteration. */
    @State(Scope.Thread)
    public static class RawCold
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
        @Setup(Level.Iteration)
        public void write(final JournalColdReplayBenchmark bench) throws IOException
        {
            recordSize = bench.recordSize;
            dir = TempDirectory.create("raw-cold");
            files = ReplayJournals.writeRaw(dir, bench.records, recordSize);
            chunk = BufferUtil.allocateDirectAligned(ReplayJournals.CHUNK, 4096);
            chunkBuffer = new UnsafeBuffer(chunk);
        }

        /** Delete the files. */
        @TearDown(Level.Iteration)
        public void delete()
        {
            TempDirectory.delete(dir);
        }
    }

    /** A fresh queue per iteration, written by one instance and read by another. */
    @State(Scope.Thread)
    public static class ChronicleCold
    {
        Path dir;
        ChronicleQueue queue;

        /** @param bench gives the sizes. */
        @Setup(Level.Iteration)
        public void write(final JournalColdReplayBenchmark bench)
        {
            dir = TempDirectory.create("chronicle-cold");
            ReplayJournals.writeChronicle(dir, bench.records, bench.recordSize).close();
            queue = ChronicleQueue.singleBuilder(dir).build();
        }

        /** Close and delete the queue. */
        @TearDown(Level.Iteration)
        public void delete()
        {
            queue.close();
            TempDirectory.delete(dir);
        }
    }

    /**
     * @param state a journal never read by this process.
     * @return records replayed.
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long herald(final HeraldCold state)
    {
        try (JournalReader reader = Journal.openReader(state.dir))
        {
            return reader.replay(0, Long.MAX_VALUE, state);
        }
    }

    /**
     * @param state files never read by this process.
     * @return a sum over one field per record.
     * @throws IOException if a read fails.
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long rawFileChannel(final RawCold state) throws IOException
    {
        return ReplayJournals.readRaw(state.files, state.chunk, state.chunkBuffer, state.recordSize);
    }

    /**
     * @param state a queue never read by this instance.
     * @return a sum over one field per record.
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long chronicleQueue(final ChronicleCold state)
    {
        try (ExcerptTailer tailer = state.queue.createTailer())
        {
            return ReplayJournals.readChronicle(tailer);
        }
    }
}
