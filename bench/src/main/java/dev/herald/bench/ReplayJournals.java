package dev.herald.bench;

import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalWriter;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The journals the replay benchmarks read, written the same way for the warm and the cold runs: Herald's journal,
 * the same bytes back to back in plain files, and a Chronicle queue holding the same records, one document each.
 * Herald's segments and the plain files are {@link #SEGMENT_LENGTH} long, so a journal spans several of them.
 *
 * <p>Threading: one thread.
 */
final class ReplayJournals
{
    /** Segment and plain-file length: a million 128-byte records span two, of 512 bytes eight. */
    static final int SEGMENT_LENGTH = 64 * 1024 * 1024;
    /** Bytes per read of the plain files. */
    static final int CHUNK = 64 * 1024;

    private ReplayJournals()
    {
    }

    static void writeHerald(final Path dir, final int records, final int recordSize)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[recordSize]);
        Frames.fill(frame, 0, recordSize, 0);
        try (JournalWriter writer = Journal.openWriter(new Journal.Context()
            .directory(dir)
            .segmentLength(SEGMENT_LENGTH)
            .durability(DurabilityPolicy.PAGE_CACHE)))
        {
            for (int i = 0; i < records; i++)
            {
                writer.append(frame, 0, recordSize);
                if ((i & 255) == 255)
                {
                    writer.endOfBatch();
                }
            }
            writer.endOfBatch();
        }
    }

    /** @return the files written, in order. */
    static List<Path> writeRaw(final Path dir, final int records, final int recordSize) throws IOException
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[recordSize]);
        Frames.fill(frame, 0, recordSize, 0);
        try (RawFileWriter writer = new RawFileWriter(dir, SEGMENT_LENGTH, CHUNK))
        {
            for (int i = 0; i < records; i++)
            {
                writer.write(frame, 0, recordSize);
            }
        }
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir))
        {
            stream.forEach(files::add);
        }
        files.sort(null);
        return files;
    }

    /**
     * Read plain files with a FileChannel, one field per record.
     *
     * @return a sum over that field, so the reads are not dead code.
     */
    static long readRaw(final List<Path> files, final ByteBuffer chunk, final UnsafeBuffer chunkBuffer,
        final int recordSize) throws IOException
    {
        long sum = 0;
        for (int f = 0, n = files.size(); f < n; f++)
        {
            try (FileChannel channel = FileChannel.open(files.get(f), StandardOpenOption.READ))
            {
                int read;
                while ((read = readFully(channel, chunk)) > 0)
                {
                    // 64 KiB is a multiple of both record sizes, so records never straddle chunks.
                    for (int offset = 0; offset + recordSize <= read; offset += recordSize)
                    {
                        sum += chunkBuffer.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN);
                    }
                }
            }
        }
        return sum;
    }

    static ChronicleQueue writeChronicle(final Path dir, final int records, final int recordSize)
    {
        final UnsafeBuffer source = new UnsafeBuffer(new byte[recordSize]);
        Frames.fill(source, 0, recordSize, 0);
        final Bytes<?> frame = Bytes.allocateDirect(recordSize);
        frame.write(source.byteArray());
        final ChronicleQueue queue = ChronicleQueue.singleBuilder(dir).rollCycle(RollCycles.FAST_DAILY).build();
        try (ExcerptAppender appender = queue.createAppender())
        {
            for (int i = 0; i < records; i++)
            {
                appender.writeBytes(frame);
            }
        }
        frame.releaseLast();
        return queue;
    }

    /** @return a sum over one field per record. */
    static long readChronicle(final ExcerptTailer tailer)
    {
        long sum = 0;
        tailer.toStart();
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                sum += bytes.readLong(bytes.readPosition() + 8);
            }
        }
        return sum;
    }

    private static int readFully(final FileChannel channel, final ByteBuffer chunk) throws IOException
    {
        chunk.clear();
        while (chunk.hasRemaining())
        {
            if (channel.read(chunk) < 0)
            {
                break;
            }
        }
        return chunk.position();
    }
}
