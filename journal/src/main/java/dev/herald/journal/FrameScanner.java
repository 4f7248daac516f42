package dev.herald.journal;

import java.util.concurrent.locks.LockSupport;

import static dev.herald.journal.RecordDescriptor.FRAME_ALIGNMENT;
import static dev.herald.journal.RecordDescriptor.alignedLength;

/**
 * Walks the frames of one segment and says what it finds at each position: the one walk that the writer's recovery,
 * the verifier and the tailer share, so all three agree on where valid data ends.
 *
 * <ul>
 *   <li>{@link #FRAME}: a valid frame with the expected sequence starts here; read it, then {@link #advance()}.</li>
 *   <li>{@link #END}: no valid frame here, and none after it as far as the caller let the scanner look: the end of the
 *   written data. {@link #clean()} tells a zero length (the plain end) from a frame that is there but not valid (a
 *   torn tail, or a write still under way); {@link #tailEnd()} how far non-zero bytes reach past it.</li>
 *   <li>{@link #DAMAGED}: no valid frame here, but a valid frame of a later sequence further on: damage before the
 *   tail, which nothing may skip silently.</li>
 * </ul>
 *
 * <p>Threading: not thread-safe; one per walk.
 */
final class FrameScanner
{
    static final int FRAME = 1;
    static final int END = 2;
    static final int DAMAGED = 3;

    /** Look ahead to the end of the segment. */
    static final int WHOLE_SEGMENT = Integer.MAX_VALUE;
    /** Do not look ahead at all. */
    static final int NO_LOOKAHEAD = 0;
    /** How long {@link #nextSettled} gives a live writer to finish a batch before it calls what it sees damage. */
    static final long SETTLE_MS = 10;
    private static final long SETTLE_NS = SETTLE_MS * 1_000_000L;

    private Segment segment;
    private int offset;
    private long nextSequence;
    private int check;

    /**
     * @param segment      to walk.
     * @param offset       of the first frame to look at.
     * @param nextSequence the sequence expected there.
     * @return this for a fluent API.
     */
    FrameScanner wrap(final Segment segment, final int offset, final long nextSequence)
    {
        this.segment = segment;
        this.offset = offset;
        this.nextSequence = nextSequence;
        return this;
    }

    /**
     * Judge the position.
     *
     * @param lookahead when no valid frame is here, look for valid frames of a later sequence in the next this many
     *                  bytes ({@link #WHOLE_SEGMENT}, or {@link #NO_LOOKAHEAD}).
     * @return {@link #FRAME}, {@link #END} or {@link #DAMAGED}.
     */
    int next(final int lookahead)
    {
        check = segment.checkFrame(offset, nextSequence);
        if (check > 0)
        {
            return FRAME;
        }
        final int limit = (int)Math.min(WHOLE_SEGMENT, (long)offset + lookahead);
        if (lookahead > 0 && segment.hasValidFrameBetween(offset + FRAME_ALIGNMENT, limit, nextSequence))
        {
            return DAMAGED;
        }
        return END;
    }

    /**
     * Judge the position in a segment that a live writer may be writing: the frames of a batch under way land in no
     * particular order (one positional write copies them, and a copy makes no promise about the order in which other
     * threads see its bytes), so valid frames after one that is not valid yet are looked at again for up to
     * {@value #SETTLE_MS} ms before they count as damage. Not for a writer's own recovery, which holds the lock.
     *
     * @param lookahead as for {@link #next}.
     * @return as for {@link #next}.
     */
    int nextSettled(final int lookahead)
    {
        int result = next(lookahead);
        if (result == DAMAGED)
        {
            final long deadlineNs = System.nanoTime() + SETTLE_NS;
            do
            {
                LockSupport.parkNanos(100_000L);
                result = next(lookahead);
            }
            while (result == DAMAGED && System.nanoTime() - deadlineNs < 0);
        }
        return result;
    }

    /** Move past the valid frame {@link #next} found. */
    void advance()
    {
        offset += alignedLength(check);
        nextSequence++;
    }

    /** @return offset of the position judged last (the frame, or where the data ends). */
    int offset()
    {
        return offset;
    }

    /** @return the sequence expected at {@link #offset()}. */
    long nextSequence()
    {
        return nextSequence;
    }

    /** @return the frame's length after {@link #FRAME}. */
    int frameLength()
    {
        return check;
    }

    /** @return after {@link #END}: whether the data ends at a zero length, not at a frame that is not valid. */
    boolean clean()
    {
        return check == Segment.END_OF_DATA;
    }

    /** @return after {@link #END}: the end of the non-zero bytes past {@link #offset()}, a torn tail when beyond it. */
    int tailEnd()
    {
        return segment.endOfNonZero(offset);
    }

    /** @return what is wrong at {@link #offset()}, for a person to read. */
    String describe()
    {
        return segment.describe(check, offset, nextSequence);
    }

    /** @return a corruption naming the segment and offset, with what is wrong and {@code context} appended. */
    JournalCorruptedException corruption(final String context)
    {
        return new JournalCorruptedException(segment.path, offset, describe() + context);
    }
}
