package dev.herald.bench;

import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalWriter;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
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
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Journal append throughput under the page-cache policy, in records per second, side by side in one run with a
 * raw {@link java.nio.channels.FileChannel} sequential write of the same bytes, in 64 KiB chunks (the fastest way
 * to write a file with it: {@code rawFileChannel}) and in one write per batch as Herald writes them
 * ({@code rawFileChannelPerBatch}), and with Chronicle Queue appending the same bytes as one document each.
 *
 * <p>One invocation appends {@link #BATCH} records, then Herald marks the end of the batch as its engine does
 * once per Disruptor batch. Every iteration starts in a fresh directory, deleted after it, so disk use stays at
 * one iteration's worth.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    JvmArgs.AGRONA, JvmArgs.CQ_1, JvmArgs.CQ_2, JvmArgs.CQ_3, JvmArgs.CQ_4, JvmArgs.CQ_5, JvmArgs.CQ_6,
    JvmArgs.CQ_7, JvmArgs.CQ_8, JvmArgs.CQ_9, JvmArgs.CQ_10, JvmArgs.CQ_NO_ANALYTICS, JvmArgs.CQ_NO_DISK_MONITOR })
@State(Scope.Benchmark)
public class JournalAppendBenchmark
{
    /** Records appended per invocation. */
    public static final int BATCH = 256;
    /** Segment (and raw file) length: big enough that rolling is rare. */
    public static final int SEGMENT_LENGTH = 256 * 1024 * 1024;

    /** Frame length in bytes, header included. */
    @Param({ "128", "512" })
    public int recordSize;

    /** Herald's writer with the page-cache policy. */
    @State(Scope.Thread)
    public static class HeraldAppend
    {
        UnsafeBuffer frame;
        int recordSize;
        Path dir;
        JournalWriter writer;

        /** @param bench gives the record size. */
        @Setup(Level.Trial)
        public void allocate(final JournalAppendBenchmark bench)
        {
            recordSize = bench.recordSize;
            frame = new UnsafeBuffer(new byte[recordSize]);
            Frames.fill(frame, 0, recordSize, 0);
        }

        /** Open a fresh journal. */
        @Setup(Level.Iteration)
        public void open()
        {
            dir = TempDirectory.create("herald-append");
            writer = Journal.openWriter(new Journal.Context()
                .directory(dir)
                .segmentLength(SEGMENT_LENGTH)
                .durability(DurabilityPolicy.PAGE_CACHE));
        }

        /** Close and delete the journal. */
        @TearDown(Level.Iteration)
        public void close()
        {
            writer.close();
            TempDirectory.delete(dir);
        }
    }

    /** A raw FileChannel writer of the same bytes. */
    @State(Scope.Thread)
    public static class RawAppend
    {
        UnsafeBuffer frame;
        int recordSize;
        Path dir;
        RawFileWriter writer;

        /** @param bench gives the record size. */
        @Setup(Level.Trial)
        public void allocate(final JournalAppendBenchmark bench)
        {
            recordSize = bench.recordSize;
            frame = new UnsafeBuffer(new byte[recordSize]);
            Frames.fill(frame, 0, recordSize, 0);
        }

        /**
         * Open a fresh file.
         *
         * @throws IOException if it cannot be created.
         */
        @Setup(Level.Iteration)
        public void open() throws IOException
        {
            dir = TempDirectory.create("raw-append");
            writer = new RawFileWriter(dir, SEGMENT_LENGTH, 64 * 1024);
        }

        /**
         * Close and delete the file.
         *
         * @throws IOException if it cannot be closed.
         */
        @TearDown(Level.Iteration)
        public void close() throws IOException
        {
            writer.close();
            TempDirectory.delete(dir);
        }
    }

    /** Chronicle Queue appending the same bytes as one document per record. */
    @State(Scope.Thread)
    public static class ChronicleAppend
    {
        Bytes<?> frame;
        Path dir;
        ChronicleQueue queue;
        ExcerptAppender appender;

        /** @param bench gives the record size. */
        @Setup(Level.Trial)
        public void allocate(final JournalAppendBenchmark bench)
        {
            final UnsafeBuffer source = new UnsafeBuffer(new byte[bench.recordSize]);
            Frames.fill(source, 0, bench.recordSize, 0);
            frame = Bytes.allocateDirect(bench.recordSize);
            frame.write(source.byteArray());
        }

        /** Open a fresh queue. */
        @Setup(Level.Iteration)
        public void open()
        {
            dir = TempDirectory.create("chronicle-append");
            queue = ChronicleQueue.singleBuilder(dir).rollCycle(RollCycles.FAST_DAILY).build();
            appender = queue.createAppender();
        }

        /** Close and delete the queue. */
        @TearDown(Level.Iteration)
        public void close()
        {
            appender.close();
            queue.close();
            TempDirectory.delete(dir);
        }

        /** Release the direct bytes. */
        @TearDown(Level.Trial)
        public void release()
        {
            frame.releaseLast();
        }
    }

    /**
     * @param state the writer.
     * @return the last sequence, so the work is not dead code.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long herald(final HeraldAppend state)
    {
        final JournalWriter writer = state.writer;
        final UnsafeBuffer frame = state.frame;
        final int length = state.recordSize;
        long sequence = 0;
        for (int i = 0; i < BATCH; i++)
        {
            sequence = writer.append(frame, 0, length);
        }
        writer.endOfBatch();
        return sequence;
    }

    /**
     * @param state the writer.
     * @return bytes written so far.
     * @throws IOException if a write fails.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long rawFileChannel(final RawAppend state) throws IOException
    {
        final RawFileWriter writer = state.writer;
        final UnsafeBuffer frame = state.frame;
        final int length = state.recordSize;
        for (int i = 0; i < BATCH; i++)
        {
            writer.write(frame, 0, length);
        }
        return writer.position();
    }

    /**
     * @param state the writer.
     * @return bytes written so far.
     * @throws IOException if a write fails.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long rawFileChannelPerBatch(final RawAppend state) throws IOException
    {
        final long position = rawFileChannel(state);
        state.writer.flush();
        return position;
    }

    /**
     * @param state the appender.
     * @return the last index appended.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long chronicleQueue(final ChronicleAppend state)
    {
        final ExcerptAppender appender = state.appender;
        final Bytes<?> frame = state.frame;
        for (int i = 0; i < BATCH; i++)
        {
            appender.writeBytes(frame);
        }
        return appender.lastIndexAppended();
    }
}
