package dev.herald.journal;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import static dev.herald.journal.RecordDescriptor.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * One mapped segment file: header validation, frame checks and the checksum, shared by the writer, the readers and
 * the verifier so that all of them agree on what a valid frame is. Every offset read from the file is bounded by
 * the segment length before it is used. Not thread-safe.
 */
final class Segment implements AutoCloseable
{
    /** Frame check results below zero; zero means the end of written data; above zero is a valid frame length. */
    static final int END_OF_DATA = 0;
    static final int BAD_LENGTH = -1;
    static final int BAD_CHECKSUM = -2;
    static final int BAD_SEQUENCE = -3;

    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == LITTLE_ENDIAN;
    private static final int ZERO_CHUNK = 1024 * 1024;

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

    private Segment(final Path path, final FileChannel channel, final MappedByteBuffer mapped)
    {
        this.path = path;
        this.channel = channel;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        this.checksumView = mapped.duplicate();
        this.length = buffer.getInt(SegmentDescriptor.SEGMENT_LENGTH_OFFSET, LITTLE_ENDIAN);
        this.journalId = buffer.getLong(SegmentDescriptor.JOURNAL_ID_OFFSET, LITTLE_ENDIAN);
        this.applicationId = buffer.getLong(SegmentDescriptor.APPLICATION_ID_OFFSET, LITTLE_ENDIAN);
        this.firstSequence = buffer.getLong(SegmentDescriptor.FIRST_SEQUENCE_OFFSET, LITTLE_ENDIAN);
        this.creationTime = buffer.getLong(SegmentDescriptor.CREATION_TIME_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * Map an existing segment and validate its header against its file: magic, version, checksum, length and the
     * first sequence its name promises.
     */
    static Segment open(final Path path, final boolean writable)
    {
        FileChannel channel = null;
        try
        {
            channel = writable ?
                FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE) :
                FileChannel.open(path, StandardOpenOption.READ);
            final long fileSize = channel.size();
            if (fileSize < SegmentDescriptor.HEADER_LENGTH)
            {
                throw new JournalCorruptedException(path, 0, "file of " + fileSize +
                    " bytes is too short for a segment header of " + SegmentDescriptor.HEADER_LENGTH + " bytes");
            }
            final ByteBuffer header = ByteBuffer.allocate(SegmentDescriptor.HEADER_LENGTH).order(LITTLE_ENDIAN);
            while (header.hasRemaining())
            {
                if (channel.read(header, header.position()) < 0)
                {
                    break;
                }
            }
            checkHeader(path, header, fileSize);
            final MappedByteBuffer mapped = channel.map(
                writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, 0, fileSize);
            return new Segment(path, channel, mapped);
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new JournalException("cannot open segment " + path + ": " + ex, ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(channel);
            throw ex;
        }
    }

    private static void checkHeader(final Path path, final ByteBuffer header, final long fileSize)
    {
        final long magic = header.getLong(SegmentDescriptor.MAGIC_OFFSET);
        if (magic != SegmentDescriptor.MAGIC)
        {
            throw new JournalCorruptedException(path, SegmentDescriptor.MAGIC_OFFSET,
                "bad magic 0x" + Long.toHexString(magic) + ", not a Herald segment");
        }
        final CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, SegmentDescriptor.CHECKSUM_OFFSET);
        final int stored = header.getInt(SegmentDescriptor.CHECKSUM_OFFSET);
        if ((int)crc.getValue() != stored)
        {
            throw new JournalCorruptedException(path, SegmentDescriptor.CHECKSUM_OFFSET,
                "segment header checksum mismatch");
        }
        final int version = header.getInt(SegmentDescriptor.FORMAT_VERSION_OFFSET);
        if (version != SegmentDescriptor.FORMAT_VERSION)
        {
            throw new JournalException("unsupported journal format version=" + version + " in " + path +
                ", this build reads version " + SegmentDescriptor.FORMAT_VERSION);
        }
        final int length = header.getInt(SegmentDescriptor.SEGMENT_LENGTH_OFFSET);
        if (length != fileSize || length < Journal.Context.SEGMENT_LENGTH_MIN ||
            length > Journal.Context.SEGMENT_LENGTH_MAX || Integer.bitCount(length) != 1)
        {
            throw new JournalCorruptedException(path, SegmentDescriptor.SEGMENT_LENGTH_OFFSET,
                "segment length " + length + " in header does not match file size " + fileSize +
                " or is not a valid power of two");
        }
        final long firstSequence = header.getLong(SegmentDescriptor.FIRST_SEQUENCE_OFFSET);
        final long named = SegmentDescriptor.parseFirstSequence(path.getFileName().toString());
        if (firstSequence != named)
        {
            throw new JournalCorruptedException(path, SegmentDescriptor.FIRST_SEQUENCE_OFFSET,
                "first sequence " + firstSequence + " in header does not match the file name");
        }
    }

    /**
     * Create a segment: write it under a temporary name, fill it with real zero blocks (a sparse file under a
     * mapping turns a full disk into SIGBUS), write and force the header, then rename it into place and force the
     * directory, so a reader or a recovery never sees a half-made segment.
     */
    static Segment create(
        final Path directory,
        final long firstSequence,
        final int length,
        final long journalId,
        final long applicationId,
        final long creationTime,
        final boolean sync)
    {
        final Path temp = directory.resolve(
            SegmentDescriptor.fileName(firstSequence) + SegmentDescriptor.TEMP_SUFFIX);
        try
        {
            preallocate(temp, length, sync);
        }
        catch (final IOException ex)
        {
            deleteQuietly(temp, ex);
            throw new JournalException("cannot create segment " + temp + ": " + ex, ex);
        }
        return install(temp, directory, firstSequence, length, journalId, applicationId, creationTime, sync);
    }

    /**
     * Write a file of {@code length} zero bytes, with real blocks, and force it when {@code sync}. The slow half of
     * making a segment, which a writer can do ahead of time on another thread.
     */
    static void preallocate(final Path file, final int length, final boolean sync) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file,
            StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
        {
            final ByteBuffer zeros = ByteBuffer.allocateDirect(Math.min(ZERO_CHUNK, length));
            long position = 0;
            while (position < length)
            {
                zeros.clear().limit((int)Math.min(zeros.capacity(), length - position));
                position += channel.write(zeros, position);
            }
            if (sync)
            {
                channel.force(true);
            }
        }
    }

    /**
     * Turn a preallocated file into the segment that starts at {@code firstSequence}: write its header, rename it
     * into place and map it for writing. With {@code sync}, the header is forced before the rename and the directory
     * after it, so that a power loss leaves either no segment or a whole one; without (the page-cache policy, which
     * does not promise to survive a power loss), the page cache keeps that order for a process crash.
     */
    static Segment install(
        final Path preallocated,
        final Path directory,
        final long firstSequence,
        final int length,
        final long journalId,
        final long applicationId,
        final long creationTime,
        final boolean sync)
    {
        final Path target = SegmentDescriptor.path(directory, firstSequence);
        try
        {
            try (FileChannel channel = FileChannel.open(preallocated, StandardOpenOption.WRITE))
            {
                final ByteBuffer header = ByteBuffer.allocate(SegmentDescriptor.HEADER_LENGTH).order(LITTLE_ENDIAN);
                header.putLong(SegmentDescriptor.MAGIC_OFFSET, SegmentDescriptor.MAGIC);
                header.putInt(SegmentDescriptor.FORMAT_VERSION_OFFSET, SegmentDescriptor.FORMAT_VERSION);
                header.putInt(SegmentDescriptor.SEGMENT_LENGTH_OFFSET, length);
                header.putLong(SegmentDescriptor.JOURNAL_ID_OFFSET, journalId);
                header.putLong(SegmentDescriptor.APPLICATION_ID_OFFSET, applicationId);
                header.putLong(SegmentDescriptor.FIRST_SEQUENCE_OFFSET, firstSequence);
                header.putLong(SegmentDescriptor.CREATION_TIME_OFFSET, creationTime);
                final CRC32C crc = new CRC32C();
                crc.update(header.array(), 0, SegmentDescriptor.CHECKSUM_OFFSET);
                header.putInt(SegmentDescriptor.CHECKSUM_OFFSET, (int)crc.getValue());
                while (header.hasRemaining())
                {
                    channel.write(header, header.position());
                }
                if (sync)
                {
                    channel.force(true);
                }
            }
            Files.move(preallocated, target, StandardCopyOption.ATOMIC_MOVE);
            if (sync)
            {
                forceDirectory(directory);
            }
        }
        catch (final IOException ex)
        {
            deleteQuietly(preallocated, ex);
            throw new JournalException("cannot create segment " + target + ": " + ex, ex);
        }
        return open(target, true);
    }

    private static void deleteQuietly(final Path file, final IOException cause)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException suppressed)
        {
            cause.addSuppressed(suppressed);
        }
    }

    /**
     * @return the first sequences of the segment files in a directory, ascending; temporary files are ignored.
     */
    static long[] list(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            throw new JournalException("journal directory " + directory + " does not exist or is not a directory");
        }
        try (var stream = Files.list(directory))
        {
            return stream
                .mapToLong(path -> SegmentDescriptor.parseFirstSequence(path.getFileName().toString()))
                .filter(sequence -> sequence >= 0)
                .sorted()
                .toArray();
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot list journal directory " + directory + ": " + ex, ex);
        }
    }

    static void forceDirectory(final Path directory) throws IOException
    {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ))
        {
            dir.force(true);
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

    int frameLengthVolatile(final int offset)
    {
        final int value = buffer.getIntVolatile(offset + FRAME_LENGTH_OFFSET);
        return NATIVE_LITTLE_ENDIAN ? value : Integer.reverseBytes(value);
    }

    void putFrameLengthOrdered(final int offset, final int frameLength)
    {
        buffer.putIntRelease(offset + FRAME_LENGTH_OFFSET,
            NATIVE_LITTLE_ENDIAN ? frameLength : Integer.reverseBytes(frameLength));
    }

    boolean checksumMatches(final int offset, final int frameLength)
    {
        return buffer.getInt(offset + CHECKSUM_OFFSET, LITTLE_ENDIAN) == checksum(offset, frameLength);
    }

    int checksum(final int offset, final int frameLength)
    {
        checksumView.clear();
        checksumView.limit(offset + frameLength).position(offset + SEQUENCE_OFFSET);
        crc.reset();
        crc.update(checksumView);
        return (int)crc.getValue();
    }

    /**
     * Whether a valid frame with a sequence at or above {@code minSequence} exists anywhere at an aligned offset from
     * {@code from}: the difference between a torn tail (nothing valid follows) and damage before the tail.
     */
    boolean hasValidFrameFrom(final int from, final long minSequence)
    {
        return hasValidFrameBetween(from, length, minSequence);
    }

    /**
     * Like {@link #hasValidFrameFrom(int, long)}, looking only at frames that start before {@code limit}.
     */
    boolean hasValidFrameBetween(final int from, final int limit, final long minSequence)
    {
        final int last = Math.min(limit, length - HEADER_LENGTH + 1);
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

    void force(final int from, final int to)
    {
        if (to > from)
        {
            mapped.force(from, to - from);
        }
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
        closeQuietly(channel);
    }

    private static void closeQuietly(final FileChannel channel)
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
