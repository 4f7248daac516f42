package dev.herald.bench;

import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalWriter;
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
 * Journal append with group commit: Herald's per-batch policy ({@code endOfBatch()} forces what the batch
 * appended) for batches of 1, 16 and 256 records, side by side with a raw FileChannel that writes the same bytes
 * and calls {@code force(false)} (fdatasync) once per batch. Scores are records per second. Every fsync is slow,
 * so iterations are short.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = JvmArgs.AGRONA)
@State(Scope.Thread)
public class JournalDurableAppendBenchmark
{
    /** Frame length in bytes, header included. */
    @Param({ "128", "512" })
    public int recordSize;

    private UnsafeBuffer frame;
    private Path heraldDir;
    private JournalWriter writer;
    private Path rawDir;
    private RawFileWriter raw;

    /** Build the frame. */
    @Setup(Level.Trial)
    public void allocate()
    {
        frame = new UnsafeBuffer(new byte[recordSize]);
        Frames.fill(frame, 0, recordSize, 0);
    }

    /**
     * Open a fresh journal and a fresh raw file.
     *
     * @throws IOException if the raw file cannot be created.
     */
    @Setup(Level.Iteration)
    public void open() throws IOException
    {
        heraldDir = TempDirectory.create("herald-durable");
        writer = Journal.openWriter(new Journal.Context()
            .directory(heraldDir)
            .segmentLength(64 * 1024 * 1024)
            .durability(DurabilityPolicy.PER_BATCH));
        rawDir = TempDirectory.create("raw-durable");
        raw = new RawFileWriter(rawDir, 64 * 1024 * 1024, 256 * 512);
    }

    /**
     * Close and delete both.
     *
     * @throws IOException if the raw file cannot be closed.
     */
    @TearDown(Level.Iteration)
    public void close() throws IOException
    {
        writer.close();
        raw.close();
        TempDirectory.delete(heraldDir);
        TempDirectory.delete(rawDir);
    }

    /** @return durable sequence. */
    @Benchmark
    public long heraldBatch1()
    {
        return herald(1);
    }

    /** @return durable sequence. */
    @Benchmark
    @OperationsPerInvocation(16)
    public long heraldBatch16()
    {
        return herald(16);
    }

    /** @return durable sequence. */
    @Benchmark
    @OperationsPerInvocation(256)
    public long heraldBatch256()
    {
        return herald(256);
    }

    /**
     * @return bytes written.
     * @throws IOException if a write fails.
     */
    @Benchmark
    public long rawFileChannelBatch1() throws IOException
    {
        return raw(1);
    }

    /**
     * @return bytes written.
     * @throws IOException if a write fails.
     */
    @Benchmark
    @OperationsPerInvocation(16)
    public long rawFileChannelBatch16() throws IOException
    {
        return raw(16);
    }

    /**
     * @return bytes written.
     * @throws IOException if a write fails.
     */
    @Benchmark
    @OperationsPerInvocation(256)
    public long rawFileChannelBatch256() throws IOException
    {
        return raw(256);
    }

    private long herald(final int batch)
    {
        for (int i = 0; i < batch; i++)
        {
            writer.append(frame, 0, recordSize);
        }
        writer.endOfBatch();
        return writer.durableSequence();
    }

    private long raw(final int batch) throws IOException
    {
        for (int i = 0; i < batch; i++)
        {
            raw.write(frame, 0, recordSize);
        }
        raw.flushAndForce();
        return raw.position();
    }
}
