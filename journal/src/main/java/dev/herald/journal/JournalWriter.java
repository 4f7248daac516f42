package dev.herald.journal;

import org.agrona.DirectBuffer;

import java.nio.file.Path;

/**
 * Appends records to a journal. Exactly one writer exists per directory (an OS file lock enforces it).
 *
 * <p>Threading: all methods but {@link #durableSequence()} must be called from one thread at a time (the
 * journal stage's thread). {@link #durableSequence()} may be read from any thread.
 */
public final class JournalWriter implements AutoCloseable
{
    static JournalWriter open(final Journal.Context context)
    {
        throw new UnsupportedOperationException("TODO");
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
     */
    public long append(final DirectBuffer frame, final int offset, final int frameLength)
    {
        throw new UnsupportedOperationException("TODO");
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
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Mark the end of a batch of appends: the group-commit point. Under {@link DurabilityPolicy#PER_BATCH} it
     * forces everything appended since the last force; under an interval policy it forces when the interval
     * has passed; under {@link DurabilityPolicy#PAGE_CACHE} it only publishes the durable sequence.
     */
    public void endOfBatch()
    {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Force everything appended so far to storage now, whatever the policy.
     */
    public void force()
    {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * The highest sequence that is durable under the policy, readable from any thread.
     *
     * @return the sequence, or -1 when nothing is durable yet.
     */
    public long durableSequence()
    {
        throw new UnsupportedOperationException("TODO");
    }

    /** @return the sequence the next append will get. */
    public long nextSequence()
    {
        throw new UnsupportedOperationException("TODO");
    }

    /** @return the sequence of the last appended record, or -1 for an empty journal. */
    public long lastSequence()
    {
        return nextSequence() - 1;
    }

    /** @return the largest frame (header plus payload) that fits in a segment. */
    public int maxFrameLength()
    {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Delete whole segments whose records all have sequences below the given one. The segment being appended
     * to is never deleted.
     *
     * @param sequence records at or above it are kept.
     * @return the number of segment files deleted.
     */
    public int deleteSegmentsBefore(final long sequence)
    {
        throw new UnsupportedOperationException("TODO");
    }

    /** @return bytes truncated from a torn tail when the journal was opened; 0 when none. */
    public long recoveredTornBytes()
    {
        throw new UnsupportedOperationException("TODO");
    }

    /** @return the journal directory. */
    public Path directory()
    {
        throw new UnsupportedOperationException("TODO");
    }

    /** Force what is appended, unmap the segment and release the lock. Idempotent. */
    @Override
    public void close()
    {
        throw new UnsupportedOperationException("TODO");
    }
}
