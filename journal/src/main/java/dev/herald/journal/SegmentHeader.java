package dev.herald.journal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.file.Path;
import java.util.zip.CRC32C;

import static dev.herald.journal.SegmentDescriptor.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * A flyweight over the 64-byte segment header laid out by {@link SegmentDescriptor}: the one place that writes it
 * and the one place that decides whether a file's header can be trusted.
 *
 * <p>Threading: not thread-safe; one per user.
 */
final class SegmentHeader
{
    private final byte[] checksummed = new byte[CHECKSUM_OFFSET];
    private final CRC32C crc = new CRC32C();
    private DirectBuffer buffer;

    /**
     * @param buffer holding a header at offset 0.
     * @return this for a fluent API.
     */
    SegmentHeader wrap(final DirectBuffer buffer)
    {
        this.buffer = buffer;
        return this;
    }

    long magic()
    {
        return buffer.getLong(MAGIC_OFFSET, LITTLE_ENDIAN);
    }

    int formatVersion()
    {
        return buffer.getInt(FORMAT_VERSION_OFFSET, LITTLE_ENDIAN);
    }

    int segmentLength()
    {
        return buffer.getInt(SEGMENT_LENGTH_OFFSET, LITTLE_ENDIAN);
    }

    long journalId()
    {
        return buffer.getLong(JOURNAL_ID_OFFSET, LITTLE_ENDIAN);
    }

    long applicationId()
    {
        return buffer.getLong(APPLICATION_ID_OFFSET, LITTLE_ENDIAN);
    }

    long firstSequence()
    {
        return buffer.getLong(FIRST_SEQUENCE_OFFSET, LITTLE_ENDIAN);
    }

    long creationTime()
    {
        return buffer.getLong(CREATION_TIME_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * Write a whole header, checksum included, into a buffer.
     *
     * @param buffer        to write into, at offset 0.
     * @param segmentLength of the segment file.
     * @param journalId     of the journal.
     * @param applicationId of the application.
     * @param firstSequence of the segment's first record.
     * @param creationTime  epoch nanoseconds.
     */
    void encode(
        final MutableDirectBuffer buffer,
        final int segmentLength,
        final long journalId,
        final long applicationId,
        final long firstSequence,
        final long creationTime)
    {
        buffer.setMemory(0, HEADER_LENGTH, (byte)0);
        buffer.putLong(MAGIC_OFFSET, MAGIC, LITTLE_ENDIAN);
        buffer.putInt(FORMAT_VERSION_OFFSET, FORMAT_VERSION, LITTLE_ENDIAN);
        buffer.putInt(SEGMENT_LENGTH_OFFSET, segmentLength, LITTLE_ENDIAN);
        buffer.putLong(JOURNAL_ID_OFFSET, journalId, LITTLE_ENDIAN);
        buffer.putLong(APPLICATION_ID_OFFSET, applicationId, LITTLE_ENDIAN);
        buffer.putLong(FIRST_SEQUENCE_OFFSET, firstSequence, LITTLE_ENDIAN);
        buffer.putLong(CREATION_TIME_OFFSET, creationTime, LITTLE_ENDIAN);
        wrap(buffer);
        buffer.putInt(CHECKSUM_OFFSET, computeChecksum(), LITTLE_ENDIAN);
    }

    /**
     * Check the wrapped header against its file: magic, checksum, version, a length that is the file's size and a
     * valid power of two, and the first sequence its name promises.
     *
     * @param path     of the segment file.
     * @param fileSize of the file.
     * @throws JournalCorruptedException naming the file and the field when one is wrong.
     * @throws JournalException          for a format version this build does not read.
     */
    void check(final Path path, final long fileSize)
    {
        if (magic() != MAGIC)
        {
            throw new JournalCorruptedException(path, MAGIC_OFFSET,
                "bad magic 0x" + Long.toHexString(magic()) + ", not a Herald segment");
        }
        if (computeChecksum() != buffer.getInt(CHECKSUM_OFFSET, LITTLE_ENDIAN))
        {
            throw new JournalCorruptedException(path, CHECKSUM_OFFSET, "segment header checksum mismatch");
        }
        if (formatVersion() != FORMAT_VERSION)
        {
            throw new JournalException("unsupported journal format version=" + formatVersion() + " in " + path +
                ", this build reads version " + FORMAT_VERSION);
        }
        final int length = segmentLength();
        if (length != fileSize || length < Journal.Context.SEGMENT_LENGTH_MIN ||
            length > Journal.Context.SEGMENT_LENGTH_MAX || Integer.bitCount(length) != 1)
        {
            throw new JournalCorruptedException(path, SEGMENT_LENGTH_OFFSET, "segment length " + length +
                " in header does not match file size " + fileSize + " or is not a valid power of two");
        }
        if (firstSequence() != parseFirstSequence(path.getFileName().toString()))
        {
            throw new JournalCorruptedException(path, FIRST_SEQUENCE_OFFSET,
                "first sequence " + firstSequence() + " in header does not match the file name");
        }
    }

    private int computeChecksum()
    {
        buffer.getBytes(0, checksummed);
        crc.reset();
        crc.update(checksummed, 0, CHECKSUM_OFFSET);
        return (int)crc.getValue();
    }
}
