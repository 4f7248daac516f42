package dev.herald.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds journals with predictable contents and reads them back for assertions.
 */
final class JournalTestSupport
{
    static final int SMALL_SEGMENT = 4096;

    private JournalTestSupport()
    {
    }

    static int scale()
    {
        return Integer.getInteger("herald.test.scale", 1);
    }

    static Journal.Context context(final Path directory)
    {
        return new Journal.Context()
            .directory(directory)
            .segmentLength(SMALL_SEGMENT)
            .durability(DurabilityPolicy.PAGE_CACHE);
    }

    /** The payload of record {@code sequence}: a length that varies with it, and bytes derived from it. */
    static int payloadLength(final long sequence)
    {
        return (int)((sequence * 37) % 200);
    }

    static void fillPayload(final UnsafeBuffer buffer, final long sequence)
    {
        final int length = payloadLength(sequence);
        for (int i = 0; i < length; i++)
        {
            buffer.putByte(i, (byte)(sequence * 31 + i));
        }
    }

    static void appendRecords(final JournalWriter writer, final int count)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[256]);
        for (int i = 0; i < count; i++)
        {
            final long sequence = writer.nextSequence();
            fillPayload(payload, sequence);
            writer.append(7, (short)1, (short)0, sequence * 10, sequence - 1, payload, 0, payloadLength(sequence));
        }
        writer.endOfBatch();
    }

    /** Check one record against what {@link #appendRecords} writes for its sequence. */
    static boolean matchesExpected(final RecordView record)
    {
        final long sequence = record.sequence();
        if (record.messageType() != 7 || record.schemaVersion() != 1 || record.correlationId() != sequence * 10 ||
            record.causationId() != sequence - 1 || record.payloadLength() != payloadLength(sequence))
        {
            return false;
        }
        for (int i = 0; i < record.payloadLength(); i++)
        {
            if (record.buffer().getByte(record.payloadOffset() + i) != (byte)(sequence * 31 + i))
            {
                return false;
            }
        }
        return true;
    }

    static List<Long> readSequences(final Path directory)
    {
        final List<Long> sequences = new ArrayList<>();
        try (JournalReader reader = Journal.openReader(directory))
        {
            reader.replay(0, Long.MAX_VALUE, record ->
            {
                if (!matchesExpected(record))
                {
                    throw new AssertionError("record " + record.sequence() + " does not hold what was written");
                }
                sequences.add(record.sequence());
                return true;
            });
        }
        return sequences;
    }
}
