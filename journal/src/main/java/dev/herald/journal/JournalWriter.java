package dev.herald.journal;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

import static dev.herald.journal.RecordDescriptor.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Appends records to a journal. Exactly one writer exists per directory: an OS file lock on
 * {@value Journal#LOCK_FILE_NAME} keeps out a second one, in this process or another.
 *
 * <p>Opening recovers the journal: segment headers are checked, the last segment is scanned, and a torn tail
 * (a frame whose length, checksum or sequence is wrong, with nothing valid after it) is zeroed so appending resumes
 * at the next sequence. Any other damage fails the open with a {@link JournalCorruptedException}. Sealed segments are
 * checked frame by frame only by {@link Journal#verify(Path)} and by readers, so opening stays fast on a long journal.
 *
 * <p>Appending allocates nothing; rolling to a new segment allocates a few objects and preallocates the file.
 *
 * <p>Threading: all methods but {@link #durableSequence()} must be called from one thread at a time (the journal
 * stage's thread). {@link #durableSequence()} may be read from any thread.
 */
public final class JournalWriter implements AutoCloseable
{
    private final Path directory;
    private final int newSegmentLength;
    private final DurabilityPolicy durability;
    private final EpochNanoClock clock;
    private final long journalId;
    private final long applicationId;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final SegmentPreallocator preallocator;

    private Segment segment;
    private int position;
    private int forcedPosition;
    private long nextSequence;
    private long lastForceNs;
    private long recoveredTornBytes;
    private volatile long durableSequence;
    private boolean closed;

    private JournalWriter(final Journal.Context context, final FileChannel lockChannel, final FileLock lock)
    {
        this.directory = context.directory();
        this.newSegmentLength = context.segmentLength();
        this.durability = context.durability();
        this.clock = context.clock();
        this.applicationId = context.applicationId();
        this.lockChannel = lockChannel;
        this.lock = lock;

        final long[] sequences = Segment.list(directory);
        deleteTemporaryFiles();
        if (sequences.length == 0)
        {
            journalId = new SecureRandom().nextLong();
            segment = Segment.create(
                directory, 0, newSegmentLength, journalId, applicationId, clock.nanoTime(), syncSegments());
            position = SegmentDescriptor.HEADER_LENGTH;
            nextSequence = 0;
        }
        else
        {
            journalId = checkHeaders(sequences);
            recoverLastSegment(sequences[sequences.length - 1]);
        }
        forcedPosition = position;
        lastForceNs = System.nanoTime();
        durableSequence = nextSequence - 1;
        preallocator = new SegmentPreallocator(directory, newSegmentLength, syncSegments());
        preallocator.start();
    }

    static JournalWriter open(final Journal.Context context)
    {
        final Path directory = context.directory();
        FileChannel lockChannel = null;
        FileLock lock = null;
        try
        {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(directory.resolve(Journal.LOCK_FILE_NAME),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try
            {
                lock = lockChannel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                lock = null;
            }
            if (lock == null)
            {
                throw new JournalLockedException(directory);
            }
            return new JournalWriter(context, lockChannel, lock);
        }
        catch (final IOException ex)
        {
            release(lock, lockChannel);
            throw new JournalException("cannot open journal " + directory + " for writing: " + ex, ex);
        }
        catch (final RuntimeException ex)
        {
            release(lock, lockChannel);
            throw ex;
        }
    }

    /**
     * Append a frame laid out by {@link RecordDescriptor}, copying it unchanged except for the sequence, checksum
     * and frame length fields, which the writer stamps in the journal's copy. Rolls to a new segment when the
     * frame does not fit in the current one.
     *
     * @param frame       buffer holding header and payload.
     * @param offset      of the frame in the buffer.
     * @param frameLength header plus payload, in {@code [HEADER_LENGTH, maxFrameLength()]}.
     * @return the sequence given to the record, always {@code lastSequence() + 1}.
     * @throws IllegalArgumentException when the frame length is out of range.
     */
    public long append(final DirectBuffer frame, final int offset, final int frameLength)
    {
        final int at = claim(frameLength);
        segment.buffer.putBytes(
            at + SEQUENCE_OFFSET, frame, offset + SEQUENCE_OFFSET, frameLength - SEQUENCE_OFFSET);
        return commit(at, frameLength);
    }

    /**
     * Append a record given field by field; the timestamp comes from the context's clock.
     *
     * @param messageType   application message type.
     * @param schemaVersion of the payload.
     * @param flags         bit set.
     * @param correlationId business key or trace id.
     * @param causationId   sequence of the causing fact, or {@link RecordDescriptor#NO_CAUSATION}.
     * @param payload       buffer holding the payload.
     * @param payloadOffset of the payload in the buffer.
     * @param payloadLength in bytes, at most {@code maxFrameLength() - HEADER_LENGTH}.
     * @return the sequence given to the record.
     * @throws IllegalArgumentException when the payload is too long.
     */
    public long append(
        final int messageType,
        final short schemaVersion,
        final short flags,
        final long correlationId,
        final long causationId,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        if (payloadLength < 0)
        {
            throw new IllegalArgumentException("invalid payloadLength=" + payloadLength + ", must be >= 0");
        }
        final int at = claim(HEADER_LENGTH + payloadLength);
        final var buffer = segment.buffer;
        buffer.putLong(at + TIMESTAMP_OFFSET, clock.nanoTime(), LITTLE_ENDIAN);
        buffer.putInt(at + MESSAGE_TYPE_OFFSET, messageType, LITTLE_ENDIAN);
        buffer.putShort(at + SCHEMA_VERSION_OFFSET, schemaVersion, LITTLE_ENDIAN);
        buffer.putShort(at + FLAGS_OFFSET, flags, LITTLE_ENDIAN);
        buffer.putLong(at + CORRELATION_ID_OFFSET, correlationId, LITTLE_ENDIAN);
        buffer.putLong(at + CAUSATION_ID_OFFSET, causationId, LITTLE_ENDIAN);
        buffer.putBytes(at + HEADER_LENGTH, payload, payloadOffset, payloadLength);
        return commit(at, HEADER_LENGTH + payloadLength);
    }

    private int claim(final int frameLength)
    {
        if (closed)
        {
            throw new IllegalStateException("journal " + directory + " is closed");
        }
        if (frameLength < HEADER_LENGTH || frameLength > maxFrameLength())
        {
            throw new IllegalArgumentException("invalid frameLength=" + frameLength +
                ", must be in [" + HEADER_LENGTH + ", " + maxFrameLength() + "]");
        }
        if (position + alignedLength(frameLength) > segment.length)
        {
            roll();
        }
        return position;
    }

    private long commit(final int at, final int frameLength)
    {
        final long sequence = nextSequence;
        final var buffer = segment.buffer;
        buffer.putLong(at + SEQUENCE_OFFSET, sequence, LITTLE_ENDIAN);
        buffer.putInt(at + CHECKSUM_OFFSET, segment.checksum(at, frameLength), LITTLE_ENDIAN);
        // The length goes last, with release semantics: a reader that sees it sees the whole frame.
        segment.putFrameLengthOrdered(at, frameLength);
        position = at + alignedLength(frameLength);
        nextSequence = sequence + 1;
        return sequence;
    }

    /**
     * Mark the end of a batch of appends: the group-commit point. Under {@link DurabilityPolicy#PER_BATCH} it
     * forces everything appended since the last force with one msync; under an interval policy it forces when the
     * interval has passed (call it when idle too, so the tail becomes durable without new appends); under
     * {@link DurabilityPolicy#PAGE_CACHE} it only publishes the durable sequence.
     */
    public void endOfBatch()
    {
        switch (durability.mode())
        {
            case PAGE_CACHE:
                durableSequence = nextSequence - 1;
                break;
            case PER_BATCH:
                force();
                break;
            default:
                if (forcedPosition != position && System.nanoTime() - lastForceNs >= durability.intervalNs())
                {
                    force();
                }
                break;
        }
    }

    /**
     * Force everything appended so far to storage now, whatever the policy, and publish the durable sequence.
     */
    public void force()
    {
        if (forcedPosition != position)
        {
            segment.force(forcedPosition, position);
            forcedPosition = position;
        }
        lastForceNs = System.nanoTime();
        durableSequence = nextSequence - 1;
    }

    /**
     * The highest sequence that is durable under the policy, readable from any thread.
     *
     * @return the sequence, or -1 when nothing is durable yet.
     */
    public long durableSequence()
    {
        return durableSequence;
    }

    /** @return the sequence the next append will get. */
    public long nextSequence()
    {
        return nextSequence;
    }

    /** @return the sequence of the last appended record, or -1 for an empty journal. */
    public long lastSequence()
    {
        return nextSequence - 1;
    }

    /** @return the largest frame (header plus payload) that fits in a segment. */
    public int maxFrameLength()
    {
        // The current segment may have been made with another length than the segments still to come.
        return Math.min(segment.length, newSegmentLength) - SegmentDescriptor.HEADER_LENGTH;
    }

    /** @return the durability policy. */
    public DurabilityPolicy durability()
    {
        return durability;
    }

    /** @return the random id written into every segment header when the journal was created. */
    public long journalId()
    {
        return journalId;
    }

    /**
     * Delete whole segments whose records all have sequences below the given one, oldest first. The segment being
     * appended to is never deleted.
     *
     * @param sequence records at or above it are kept.
     * @return the number of segment files deleted.
     */
    public int deleteSegmentsBefore(final long sequence)
    {
        final long[] sequences = Segment.list(directory);
        int deleted = 0;
        for (int i = 0; i < sequences.length - 1 && sequences[i + 1] <= sequence; i++)
        {
            if (sequences[i] == segment.firstSequence)
            {
                break;
            }
            try
            {
                Files.delete(SegmentDescriptor.path(directory, sequences[i]));
                deleted++;
            }
            catch (final IOException ex)
            {
                throw new JournalException("cannot delete segment " +
                    SegmentDescriptor.path(directory, sequences[i]) + ": " + ex, ex);
            }
        }
        return deleted;
    }

    /** @return bytes zeroed from a torn tail when the journal was opened; 0 when none. */
    public long recoveredTornBytes()
    {
        return recoveredTornBytes;
    }

    /** @return the journal directory. */
    public Path directory()
    {
        return directory;
    }

    /** Force what is appended, unmap the segment and release the lock. Idempotent. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (durability.mode() != DurabilityPolicy.Mode.PAGE_CACHE)
            {
                force();
            }
            durableSequence = nextSequence - 1;
            segment.close();
            preallocator.close();
        }
        finally
        {
            release(lock, lockChannel);
        }
    }

    private void roll()
    {
        if (durability.mode() != DurabilityPolicy.Mode.PAGE_CACHE)
        {
            // Records appended in this batch before the roll must be durable before the batch ends.
            segment.force(forcedPosition, position);
        }
        final Segment sealed = segment;
        final Path spare = preallocator.take();
        segment = spare != null ?
            Segment.install(spare, directory, nextSequence, newSegmentLength, journalId, applicationId,
                clock.nanoTime(), syncSegments()) :
            Segment.create(directory, nextSequence, newSegmentLength, journalId, applicationId, clock.nanoTime(),
                syncSegments());
        sealed.close();
        preallocator.start();
        position = SegmentDescriptor.HEADER_LENGTH;
        forcedPosition = position;
    }

    /** Under the page-cache policy nothing is forced, segment creation included. */
    private boolean syncSegments()
    {
        return durability.mode() != DurabilityPolicy.Mode.PAGE_CACHE;
    }

    private long checkHeaders(final long[] sequences)
    {
        long id = 0;
        for (int i = 0; i < sequences.length; i++)
        {
            try (Segment checked = Segment.open(SegmentDescriptor.path(directory, sequences[i]), false))
            {
                if (checked.applicationId != applicationId)
                {
                    throw new JournalException("journal " + directory + " holds application id " +
                        checked.applicationId + " (" + checked.path.getFileName() + "), not " + applicationId +
                        ": refusing to mix journals of different kinds");
                }
                if (i == 0)
                {
                    id = checked.journalId;
                }
                else if (checked.journalId != id)
                {
                    throw new JournalCorruptedException(checked.path, SegmentDescriptor.JOURNAL_ID_OFFSET,
                        "journal id " + checked.journalId + " differs from " + id + " of the first segment");
                }
            }
        }
        return id;
    }

    private void recoverLastSegment(final long firstSequence)
    {
        segment = Segment.open(SegmentDescriptor.path(directory, firstSequence), true);
        int offset = SegmentDescriptor.HEADER_LENGTH;
        long expected = firstSequence;
        int result;
        while ((result = segment.checkFrame(offset, expected)) > 0)
        {
            offset += alignedLength(result);
            expected++;
        }
        if (segment.hasValidFrameFrom(offset + FRAME_ALIGNMENT, expected))
        {
            final JournalCorruptedException ex = new JournalCorruptedException(
                segment.path, offset, segment.describe(result, offset, expected) + ", with valid records after it");
            segment.close();
            throw ex;
        }
        final int end = segment.endOfNonZero(offset);
        if (end > offset)
        {
            // A torn tail: the process died while writing the last frame. Zero it so stale bytes never look valid.
            segment.buffer.setMemory(offset, end - offset, (byte)0);
            segment.force(offset, end);
            recoveredTornBytes = end - offset;
        }
        position = offset;
        nextSequence = expected;
    }

    private void deleteTemporaryFiles()
    {
        try (var stream = Files.list(directory))
        {
            for (final Path path : (Iterable<Path>)stream::iterator)
            {
                if (path.getFileName().toString().endsWith(Journal.SEGMENT_SUFFIX + SegmentDescriptor.TEMP_SUFFIX))
                {
                    Files.deleteIfExists(path);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot clean journal directory " + directory + ": " + ex, ex);
        }
    }

    private static void release(final FileLock lock, final FileChannel lockChannel)
    {
        try
        {
            if (lock != null && lock.isValid())
            {
                lock.release();
            }
            if (lockChannel != null)
            {
                lockChannel.close();
            }
        }
        catch (final IOException ignore)
        {
            // the lock goes with the channel or the process; nothing else to release
        }
    }
}
