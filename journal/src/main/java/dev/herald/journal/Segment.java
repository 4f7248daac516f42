package dev.herald.journal;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import static dev.herald.journal.RecordDescriptor.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * One segment file mapped read-only, with its header checked: the frame checks and the checksum that the writer's
 * recovery, the readers and the verifier share (through {@link FrameScanner}), so all of them agree on what a valid
 * frame is. Every offset read from the file is bounded by the segment length before it is used. The writer never
 * writes through a mapping (it writes with positional {@code FileChannel} writes), so a full disk is an
 * {@link IOException} there, never a SIGBUS here; unwritten parts of a segment are holes that read as zeros.
 *
 * <p>Threading: not thread-safe; one per reader.
 */
final class Segment implements AutoCloseable
{
    /** Frame check results below zero; zero means the end of written data; above zero is a valid frame length. */
    static final int END_OF_DATA = 0;
    static final int BAD_LENGTH = -1;
    static final int BAD_CHECKSUM = -2;
    static final int BAD_SEQUENCE = -3;

    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == LITTLE_ENDIAN;

    final Path path;
    final int length;
    final long journalId;
    final long applicationId;
    final long firstSequence;
    final long creationTime;
    final UnsafeBuffer buffer;

    private final FileChannel channel;
    private final MappedByteBuffer mapped;
    private final ByteBuffer checksumView;
    private final CRC32C crc = new CRC32C();

    private Segment(final Path path, final FileChannel channel, final MappedByteBuffer mapped, final SegmentHeader header)
    {
        this.path = path;
        this.channel = channel;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        this.checksumView = mapped.duplicate();
        this.length = header.segmentLength();
        this.journalId = header.journalId();
        this.applicationId = header.applicationId();
        this.firstSequence = header.firstSequence();
        this.creationTime = header.creationTime();
    }

    /**
     * Map an existing segment read-only and check its header against its file.
     *
     * @param storage the file system.
     * @param path    of the segment.
     * @return the segment.
     * @throws JournalCorruptedException when the header is wrong, naming the file.
     * @throws JournalException          when the file cannot be read or is not a regular file.
     */
    static Segment open(final JournalStorage storage, final Path path)
    {
        SegmentFiles.requireRegularFile(path);
        FileChannel channel = null;
        try
        {
            channel = storage.open(path, StandardOpenOption.READ);
            final long fileSize = channel.size();
            if (fileSize < SegmentDescriptor.HEADER_LENGTH)
            {
                throw new JournalCorruptedException(path, 0, "file of " + fileSize +
                    " bytes is too short for a segment header of " + SegmentDescriptor.HEADER_LENGTH + " bytes");
            }
            final ByteBuffer header = ByteBuffer.allocate(SegmentDescriptor.HEADER_LENGTH);
            while (header.hasRemaining() && channel.read(header, header.position()) >= 0)
            {
                // read the whole header
            }
            final SegmentHeader checked = new SegmentHeader().wrap(new UnsafeBuffer(header.array()));
            checked.check(path, fileSize);
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, fileSize);
            return new Segment(path, channel, mapped, checked);
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new JournalException("cannot open segment " + path + ": " + ex.getMessage(), ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(channel);
            throw ex;
        }
    }

    /**
     * Check the frame at an offset.
     *
     * @return the frame length when valid, {@link #END_OF_DATA} when the length is zero, or a negative reason.
     */
    int checkFrame(final int offset, final long expectedSequence)
    {
        if (offset > length - HEADER_LENGTH)
        {
            return END_OF_DATA;
        }
        final int frameLength = frameLengthVolatile(offset);
        if (frameLength == 0)
        {
            return END_OF_DATA;
        }
        if (frameLength < HEADER_LENGTH || frameLength > length - offset)
        {
            return BAD_LENGTH;
        }
        if (buffer.getLong(offset + SEQUENCE_OFFSET, LITTLE_ENDIAN) != expectedSequence)
        {
            return checksumMatches(offset, frameLength) ? BAD_SEQUENCE : BAD_CHECKSUM;
        }
        return checksumMatches(offset, frameLength) ? frameLength : BAD_CHECKSUM;
    }

    /**
     * Whether a valid frame with a sequence at or above {@code minSequence} starts at an aligned offset in
     * {@code [from, limit)}: the difference between the end of the data or a torn tail (nothing valid follows) and
     * damage before the tail.
     */
    boolean hasValidFrameBetween(final int from, final int limit, final long minSequence)
    {
        final int last = (int)Math.min(limit, (long)length - HEADER_LENGTH + 1);
        for (int offset = from; offset < last; offset += FRAME_ALIGNMENT)
        {
            if (buffer.getLong(offset) == 0)
            {
                continue; // the common case, zeros after the end of data, kept cheap
            }
            final int frameLength = frameLengthVolatile(offset);
            if (frameLength >= HEADER_LENGTH && frameLength <= length - offset &&
                buffer.getLong(offset + SEQUENCE_OFFSET, LITTLE_ENDIAN) >= minSequence &&
                checksumMatches(offset, frameLength))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the end of the last non-zero aligned word at or after {@code from}, or {@code from} when all is zero.
     */
    int endOfNonZero(final int from)
    {
        int end = from;
        for (int offset = from; offset < length; offset += FRAME_ALIGNMENT)
        {
            if (buffer.getLong(offset) != 0)
            {
                end = offset + FRAME_ALIGNMENT;
            }
        }
        return end;
    }

    String describe(final int result, final int offset, final long expectedSequence)
    {
        switch (result)
        {
            case BAD_LENGTH:
                return "frame length " + buffer.getInt(offset + FRAME_LENGTH_OFFSET, LITTLE_ENDIAN) +
                    " out of bounds [" + HEADER_LENGTH + ", " + (length - offset) + "]";
            case BAD_CHECKSUM:
                return "checksum mismatch";
            case BAD_SEQUENCE:
                return "sequence " + buffer.getLong(offset + SEQUENCE_OFFSET, LITTLE_ENDIAN) +
                    " where " + expectedSequence + " was expected";
            default:
                return "end of data where sequence " + expectedSequence + " was expected";
        }
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
        closeQuietly(channel);
    }

    private int frameLengthVolatile(final int offset)
    {
        final int value = buffer.getIntVolatile(offset + FRAME_LENGTH_OFFSET);
        return NATIVE_LITTLE_ENDIAN ? value : Integer.reverseBytes(value);
    }

    private boolean checksumMatches(final int offset, final int frameLength)
    {
        return buffer.getInt(offset + CHECKSUM_OFFSET, LITTLE_ENDIAN) == checksum(offset, frameLength);
    }

    private int checksum(final int offset, final int frameLength)
    {
        return RecordDescriptor.checksum(crc, checksumView, offset, frameLength);
    }

    static void closeQuietly(final FileChannel channel)
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // closing after a failure or after unmapping: nothing more to do
            }
        }
    }
}
