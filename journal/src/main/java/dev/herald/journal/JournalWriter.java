package dev.herald.journal;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.zip.CRC32C;

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
 * <p>How bytes reach the file: {@link #append} stamps each frame (sequence, checksum, length) into a direct batch
 * buffer; the buffer goes to the segment file in one positional {@code FileChannel} write at the end of a batch
 * ({@link #endOfBatch()}), when it is full, and at a roll; a forcing policy then calls {@code force(false)}, an
 * fdatasync. Readers trust a frame only when its checksum matches, so a write still under way (or torn by a crash)
 * never reads as valid. A write that fails (a full disk, an I/O error) fails the writer for good: what was written
 * before stays, what was buffered is not journaled, and every later call throws, naming the first failure.
 *
 * <p>Appending allocates nothing; rolling to a new segment allocates a few objects.
 *
 * <p>Threading: all methods but {@link #durableSequence()} must be called from one thread at a time (the journal
 * stage's thread). {@link #durableSequence()} may be read from any thread.
 */
public final class JournalWriter implements AutoCloseable
{
    /** Bytes the batch buffer holds before it is written, unless a larger frame needs more. */
    static final int BATCH_BUFFER_LENGTH = 1024 * 1024;
    private static final int ZERO_CHUNK = 64 * 1024;

    private final Path directory;
    private final int newSegmentLength;
    private final DurabilityPolicy durability;
    private final EpochNanoClock clock;
    private final JournalStorage storage;
    private final long minFreeBytes;
    private final long journalId;
    private final long applicationId;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final CRC32C crc = new CRC32C();

    private ByteBuffer batch;
    private UnsafeBuffer batchBuffer;
    private ByteBuffer checksumView;
    private FileChannel channel;
    private Path segmentPath;
    private int segmentLength;
    private int position;
    private int writtenPosition;
    private int forcedPosition;
    private long nextSequence;
    private long writtenSequence;
    private long lastForceNs;
    private long recoveredTornBytes;
    private volatile long durableSequence;
    private JournalException failure;
    private boolean closed;

    private JournalWriter(final Journal.Context context, final FileChannel lockChannel, final FileLock lock)
    {
        this.directory = context.directory();
        this.newSegmentLength = context.segmentLength();
        this.durability = context.durability();
        this.clock = context.clock();
        this.storage = context.storage();
        this.minFreeBytes = context.minFreeBytes();
        this.applicationId = context.applicationId();
        this.lockChannel = lockChannel;
        this.lock = lock;
        allocateBatchBuffer(Math.min(BATCH_BUFFER_LENGTH, newSegmentLength));

        if (context.replaceExisting())
        {
            SegmentFiles.deleteAll(directory);
        }
        SegmentFiles.deleteTemporaryFiles(directory);
        final long[] sequences = SegmentFiles.list(directory);
        try
        {
            if (sequences.length == 0)
            {
                journalId = new SecureRandom().nextLong();
                nextSequence = 0;
                startSegment(0);
            }
            else
            {
                journalId = checkHeaders(sequences);
                recoverLastSegment(sequences[sequences.length - 1]);
            }
        }
        catch (final RuntimeException ex)
        {
            Segment.closeQuietly(channel);
            throw ex;
        }
        forcedPosition = position;
        writtenPosition = position;
        writtenSequence = nextSequence - 1;
        lastForceNs = System.nanoTime();
        durableSequence = nextSequence - 1;
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
            throw new JournalException("cannot open journal " + directory + " for writing: " + ex.getMessage(), ex);
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
     * frame does not fit in the current one. The record reaches the file at the end of the batch.
     *
     * @param frame       buffer holding header and payload.
     * @param offset      of the frame in the buffer.
     * @param frameLength header plus payload, in {@code [HEADER_LENGTH, maxFrameLength()]}.
     * @return the sequence given to the record, always {@code lastSequence() + 1}.
     * @throws IllegalArgumentException when the frame length is out of range.
     * @throws JournalException         when the journal cannot write (a full disk, an I/O error), now or before.
     */
    public long append(final DirectBuffer frame, final int offset, final int frameLength)
    {
        final int at = claim(frameLength);
        batchBuffer.putBytes(at + SEQUENCE_OFFSET, frame, offset + SEQUENCE_OFFSET, frameLength - SEQUENCE_OFFSET);
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
     * @throws JournalException         when the journal cannot write, now or before.
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
        final int frameLength = HEADER_LENGTH + payloadLength;
        final int at = claim(frameLength);
        RecordDescriptor.putHeader(batchBuffer, at, frameLength, 0, clock.nanoTime(), messageType, schemaVersion,
            flags, correlationId, causationId);
        batchBuffer.putBytes(at + HEADER_LENGTH, payload, payloadOffset, payloadLength);
        return commit(at, frameLength);
    }

    /**
     * Mark the end of a batch of appends: the group-commit point. The batch is written to the segment file; under
     * {@link DurabilityPolicy#PER_BATCH} it is forced with one fdatasync; under an interval policy it is forced when
     * the interval has passed (call it when idle too, so the tail becomes durable without new appends); under
     * {@link DurabilityPolicy#PAGE_CACHE} it is durable once written.
     *
     * @throws JournalException when the journal cannot write, now or before.
     */
    public void endOfBatch()
    {
        write();
        switch (durability.mode())
        {
            case PAGE_CACHE:
                durableSequence = writtenSequence;
                break;
            case PER_BATCH:
                forceWritten();
                break;
            default:
                if (forcedPosition != writtenPosition && System.nanoTime() - lastForceNs >= durability.intervalNs())
                {
                    forceWritten();
                }
                break;
        }
    }

    /**
     * Write and force everything appended so far now, whatever the policy, and publish the durable sequence.
     *
     * @throws JournalException when the journal cannot write, now or before.
     */
    public void force()
    {
        write();
        forceWritten();
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
        return Math.min(segmentLength, newSegmentLength) - SegmentDescriptor.HEADER_LENGTH;
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

    /** @return the failure that stopped this writer, or null while it can write. */
    public JournalException failure()
    {
        return failure;
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
        final long[] sequences = SegmentFiles.list(directory);
        int deleted = 0;
        for (int i = 0; i < sequences.length - 1 && sequences[i + 1] <= sequence; i++)
        {
            final Path path = SegmentDescriptor.path(directory, sequences[i]);
            if (path.equals(segmentPath))
            {
                break;
            }
            try
            {
                Files.delete(path);
                deleted++;
            }
            catch (final IOException ex)
            {
                throw new JournalException("cannot delete segment " + path + ": " + ex.getMessage(), ex);
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

    /**
     * Write what is appended, force it under a forcing policy, close the segment and release the lock. Idempotent.
     * After a failure it only releases what it holds.
     *
     * @throws JournalException when the last write or force fails; the lock is released all the same.
     */
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
            if (failure == null)
            {
                write();
                if (durability.mode() != DurabilityPolicy.Mode.PAGE_CACHE)
                {
                    forceWritten();
                }
                durableSequence = writtenSequence;
            }
        }
        finally
        {
            Segment.closeQuietly(channel);
            release(lock, lockChannel);
        }
    }

    private int claim(final int frameLength)
    {
        if (closed)
        {
            throw new IllegalStateException("journal " + directory + " is closed");
        }
        checkNotFailed();
        if (frameLength < HEADER_LENGTH || frameLength > maxFrameLength())
        {
            throw new IllegalArgumentException("invalid frameLength=" + frameLength +
                ", must be in [" + HEADER_LENGTH + ", " + maxFrameLength() + "]");
        }
        final int aligned = alignedLength(frameLength);
        if (position + aligned > segmentLength)
        {
            roll();
        }
        if (position - writtenPosition + aligned > batchBuffer.capacity())
        {
            write();
            if (aligned > batchBuffer.capacity())
            {
                allocateBatchBuffer(Integer.highestOneBit(aligned - 1) << 1);
            }
        }
        return position - writtenPosition;
    }

    private long commit(final int at, final int frameLength)
    {
        final long sequence = nextSequence;
        final int aligned = alignedLength(frameLength);
        batchBuffer.putLong(at + SEQUENCE_OFFSET, sequence, LITTLE_ENDIAN);
        if (aligned > frameLength)
        {
            batchBuffer.setMemory(at + frameLength, aligned - frameLength, (byte)0);
        }
        batchBuffer.putInt(at + CHECKSUM_OFFSET, RecordDescriptor.checksum(crc, checksumView, at, frameLength),
            LITTLE_ENDIAN);
        batchBuffer.putInt(at + FRAME_LENGTH_OFFSET, frameLength, LITTLE_ENDIAN);
        position += aligned;
        nextSequence = sequence + 1;
        return sequence;
    }

    /** Write the batch buffer to the segment file in one positional write. */
    private void write()
    {
        checkNotFailed();
        final int length = position - writtenPosition;
        if (length == 0)
        {
            return;
        }
        batch.clear().limit(length);
        try
        {
            SegmentFiles.writeFully(channel, batch, writtenPosition);
        }
        catch (final IOException ex)
        {
            throw fail(ex, length, "writing " + segmentPath.getFileName());
        }
        writtenPosition = position;
        writtenSequence = nextSequence - 1;
    }

    private void forceWritten()
    {
        checkNotFailed();
        if (forcedPosition != writtenPosition)
        {
            try
            {
                channel.force(false);
            }
            catch (final IOException ex)
            {
                throw fail(ex, 0, "forcing " + segmentPath.getFileName());
            }
            forcedPosition = writtenPosition;
        }
        lastForceNs = System.nanoTime();
        durableSequence = writtenSequence;
    }

    private void roll()
    {
        write();
        if (syncSegments() && forcedPosition != writtenPosition)
        {
            // What this batch appended before the roll must be durable when the batch ends, which forces the new one.
            try
            {
                channel.force(false);
            }
            catch (final IOException ex)
            {
                throw fail(ex, 0, "forcing " + segmentPath.getFileName());
            }
        }
        final FileChannel sealed = channel;
        startSegment(nextSequence);
        Segment.closeQuietly(sealed);
    }

    /** Check the free space, then make the segment that starts at {@code firstSequence} and append to it. */
    private void startSegment(final long firstSequence)
    {
        final long needed = newSegmentLength + minFreeBytes;
        final long free;
        try
        {
            free = storage.usableSpace(directory);
        }
        catch (final IOException ex)
        {
            throw fail(new JournalException("journal " + directory + ": cannot read the free space: " +
                ex.getMessage(), ex));
        }
        if (free < needed)
        {
            throw fail(new JournalFullException(directory, needed, free, "for the next segment", null));
        }
        try
        {
            channel = SegmentFiles.create(storage, directory, firstSequence, newSegmentLength, journalId, applicationId,
                clock.nanoTime(), syncSegments());
        }
        catch (final JournalException ex)
        {
            throw fail(ex);
        }
        segmentPath = SegmentDescriptor.path(directory, firstSequence);
        segmentLength = newSegmentLength;
        position = SegmentDescriptor.HEADER_LENGTH;
        writtenPosition = position;
        forcedPosition = position;
    }

    /** Under the page-cache policy nothing is forced, segment creation included. */
    private boolean syncSegments()
    {
        return durability.mode() != DurabilityPolicy.Mode.PAGE_CACHE;
    }

    private void checkNotFailed()
    {
        if (failure != null)
        {
            throw new JournalException("journal " + directory + " stopped after an earlier failure: " +
                failure.getMessage(), failure);
        }
    }

    private JournalException fail(final IOException cause, final int bytes, final String what)
    {
        final String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("no space left") || message.contains("quota exceeded"))
        {
            long free = -1;
            try
            {
                free = storage.usableSpace(directory);
            }
            catch (final IOException ignore)
            {
                // the message says what is known
            }
            return fail(new JournalFullException(directory, bytes, Math.max(0, free), what, cause));
        }
        return fail(new JournalException("journal " + directory + ": " + what + " failed: " + cause.getMessage(),
            cause));
    }

    private JournalException fail(final JournalException cause)
    {
        failure = cause;
        return cause;
    }

    private void allocateBatchBuffer(final int capacity)
    {
        batch = BufferUtil.allocateDirectAligned(capacity, 4096);
        batchBuffer = new UnsafeBuffer(batch);
        checksumView = batch.duplicate();
    }

    private long checkHeaders(final long[] sequences)
    {
        long id = 0;
        for (int i = 0; i < sequences.length; i++)
        {
            try (Segment checked = Segment.open(storage, SegmentDescriptor.path(directory, sequences[i])))
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
        final Path path = SegmentDescriptor.path(directory, firstSequence);
        final int dataEnd;
        final int tornEnd;
        try (Segment segment = Segment.open(storage, path))
        {
            final FrameScanner scanner = new FrameScanner().wrap(segment, SegmentDescriptor.HEADER_LENGTH, firstSequence);
            int result;
            while ((result = scanner.next(FrameScanner.WHOLE_SEGMENT)) == FrameScanner.FRAME)
            {
                scanner.advance();
            }
            if (result == FrameScanner.DAMAGED)
            {
                throw scanner.corruption(", with valid records after it");
            }
            dataEnd = scanner.offset();
            tornEnd = scanner.tailEnd();
            nextSequence = scanner.nextSequence();
            segmentLength = segment.length;
        }
        try
        {
            channel = storage.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (tornEnd > dataEnd)
            {
                // A torn tail: the process died while writing the last batch. Zero it so stale bytes never look valid.
                zero(dataEnd, tornEnd);
                if (syncSegments())
                {
                    channel.force(false);
                }
                recoveredTornBytes = tornEnd - dataEnd;
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot recover segment " + path + ": " + ex.getMessage(), ex);
        }
        segmentPath = path;
        position = dataEnd;
    }

    private void zero(final int from, final int to) throws IOException
    {
        final ByteBuffer zeros = ByteBuffer.allocateDirect(Math.min(ZERO_CHUNK, to - from));
        for (int at = from; at < to; at += zeros.capacity())
        {
            zeros.clear().limit(Math.min(zeros.capacity(), to - at));
            SegmentFiles.writeFully(channel, zeros, at);
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
