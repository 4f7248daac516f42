package dev.herald.cli;

import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalWriter;
import dev.herald.journal.RecordDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Small journals written straight through the journal module, for the commands that only read.
 */
final class TestJournals
{
    /** Offset of the first frame in a segment: after the 64-byte segment header. */
    static final int FIRST_FRAME_OFFSET = 64;
    static final long APPLICATION_ID = 0x5445535453L;

    private TestJournals()
    {
    }

    /**
     * Write {@code records} records: type 1007 for even sequences, 1009 for odd; correlation = sequence / 3; causation
     * = the previous sequence; payload = 16 bytes of the sequence's low byte.
     */
    static void write(final Path directory, final int records, final int segmentLength)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[16]);
        try (JournalWriter writer = Journal.openWriter(new Journal.Context()
            .directory(directory)
            .segmentLength(segmentLength)
            .durability(DurabilityPolicy.PAGE_CACHE)
            .applicationId(APPLICATION_ID)))
        {
            for (int i = 0; i < records; i++)
            {
                payload.setMemory(0, 16, (byte)i);
                writer.append(i % 2 == 0 ? 1007 : 1009, (short)1, (short)0, i / 3,
                    i == 0 ? RecordDescriptor.NO_CAUSATION : i - 1, payload, 0, 16);
            }
            writer.endOfBatch();
        }
    }

    /** Flip one byte of a file in place. */
    static void flipByte(final Path file, final long offset) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte)~one.get(0));
            one.flip();
            channel.write(one, offset);
        }
    }
}
