package dev.herald.journal;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.herald.journal.RecordDescriptor.FRAME_ALIGNMENT;
import static dev.herald.journal.RecordDescriptor.alignedLength;

/**
 * Follows a journal as its writer appends: each {@link #poll(RecordHandler, int)} delivers the records that became
 * visible since the last one, in sequence order, crossing segments as the writer rolls. One segment is mapped at a
 * time; the one it ends on stays mapped in its reader for the next replay or tailer. {@link JournalReader#replay}
 * is a tailer polled to the end.
 *
 * <p>At the end of the written data the tailer waits (polls return 0). A frame that is torn with nothing valid after
 * it, in the last segment, is also treated as the end: it is what a crashed writer leaves and what its recovery
 * truncates. Any other damage throws {@link JournalCorruptedException}.
 *
 * <p>Threading: the thread that uses the tailer's reader polls it; the writer may be in this process or another.
 */
public final class JournalTailer implements AutoCloseable
{
    private static final long GAP_CHECK_INTERVAL_NS = 1_000_000_000L;
    private static final int END_OF_DATA_LOOKAHEAD = 64 * 1024;

    private final Path directory;
    private final JournalReader reader;
    private final long journalId;
    private final long fromSequence;
    private final RecordView view = new RecordView();

    private Segment segment;
    private int offset;
    private long nextSequence;
    private Path nextSegmentPath;
    private long nextSegmentPathSequence = -1;
    private long nextGapCheckNs;

    JournalTailer(final JournalReader reader, final long fromSequence)
    {
        this.reader = reader;
        this.directory = reader.directory();
        this.journalId = reader.journalId();
        this.fromSequence = fromSequence;
        openSegmentFor(fromSequence);
    }

    /**
     * Deliver up to {@code limit} records that are available now. Never blocks.
     *
     * @param handler receives each record; returning false stops this poll after that record.
     * @param limit   most records to deliver.
     * @return the number delivered; 0 when none is available yet.
     * @throws JournalCorruptedException at damage, naming segment and offset.
     */
    public int poll(final RecordHandler handler, final int limit)
    {
        return (int)read(Long.MAX_VALUE, limit, handler, false);
    }

    /**
     * Deliver every record available now up to {@code toSequence}, checking at once that the journal does not
     * stop at a gap or before valid records.
     */
    long drain(final long toSequence, final RecordHandler handler)
    {
        return read(toSequence, Long.MAX_VALUE, handler, true);
    }

    private long read(final long toSequence, final long limit, final RecordHandler handler, final boolean checkNow)
    {
        long delivered = 0;
        while (delivered < limit && nextSequence <= toSequence)
        {
            final int result = segment.checkFrame(offset, nextSequence);
            if (result > 0)
            {
                final int frameOffset = offset;
                final long sequence = nextSequence;
                offset += alignedLength(result);
                nextSequence = sequence + 1;
                if (sequence >= fromSequence)
                {
                    delivered++;
                    if (!handler.onRecord(view.wrap(segment.buffer, frameOffset)))
                    {
                        break;
                    }
                }
            }
            else if (!advanceSegment(result, checkNow))
            {
                break;
            }
        }
        return delivered;
    }

    /** @return the sequence the next delivered record will have. */
    public long nextSequence()
    {
        return Math.max(nextSequence, fromSequence);
    }

    /** Unmap the current segment. */
    @Override
    public void close()
    {
        if (segment != null)
        {
            reader.release(segment);
            segment = null;
        }
    }

    /**
     * At a position with no valid frame: move to the next segment if the writer has rolled, decide between the end
     * of data and damage otherwise.
     *
     * @return true when reading can go on in the next segment.
     */
    private boolean advanceSegment(final int result, final boolean checkGapNow)
    {
        if (nextSegmentPathSequence != nextSequence)
        {
            nextSegmentPath = SegmentDescriptor.path(directory, nextSequence);
            nextSegmentPathSequence = nextSequence;
        }
        // An empty segment's "next" name is its own; only a later segment can follow it.
        if (nextSequence != segment.firstSequence && Files.exists(nextSegmentPath))
        {
            final Segment next = Segment.open(nextSegmentPath, false);
            if (next.journalId != journalId)
            {
                next.close();
                throw new JournalCorruptedException(nextSegmentPath, SegmentDescriptor.JOURNAL_ID_OFFSET,
                    "journal id " + next.journalId + " differs from " + journalId);
            }
            if (result != Segment.END_OF_DATA)
            {
                final JournalCorruptedException ex = new JournalCorruptedException(
                    segment.path, offset, segment.describe(result, offset, nextSequence) + " in a sealed segment");
                next.close();
                throw ex;
            }
            segment.close();
            segment = next;
            offset = SegmentDescriptor.HEADER_LENGTH;
            return true;
        }
        // Scanning past the end for valid frames costs a pass over the rest of the segment, so a follower that
        // sits at the end of data does it at most once per interval; a torn frame or a replay checks at once.
        final long now = System.nanoTime();
        if (result != Segment.END_OF_DATA || checkGapNow || now - nextGapCheckNs >= 0)
        {
            nextGapCheckNs = now + GAP_CHECK_INTERVAL_NS;
            // At a plain end of data a reader looks a bounded window ahead (a lost page shows there); a torn frame
            // gets the whole rest of the segment. Verify and a writer's recovery always look at the whole rest.
            final int limit = result == Segment.END_OF_DATA ? offset + END_OF_DATA_LOOKAHEAD : Integer.MAX_VALUE;
            if (segment.hasValidFrameBetween(offset + FRAME_ALIGNMENT, limit, nextSequence))
            {
                // A live writer may have completed this frame and the next ones since it was first checked.
                final int recheck = segment.checkFrame(offset, nextSequence);
                if (recheck > 0)
                {
                    return true;
                }
                throw new JournalCorruptedException(segment.path, offset,
                    segment.describe(recheck, offset, nextSequence) + ", with valid records after it");
            }
            checkNoLaterSegment();
        }
        return false;
    }

    private void checkNoLaterSegment()
    {
        final long[] sequences = Segment.list(directory);
        final long later = firstAfter(sequences, segment.firstSequence);
        // A later segment that starts at the next sequence is a roll that happened since the existence check.
        if (later != -1 && later != nextSequence)
        {
            throw new JournalCorruptedException(segment.path, offset,
                "segment ends before sequence " + nextSequence + " but the next segment starts at " + later);
        }
    }

    private void openSegmentFor(final long sequence)
    {
        final long[] sequences = Segment.list(directory);
        if (sequences.length == 0)
        {
            throw new JournalException("journal directory " + directory + " has no segments: not a journal");
        }
        int index = 0;
        for (int i = 0; i < sequences.length; i++)
        {
            if (sequences[i] <= sequence)
            {
                index = i;
            }
        }
        segment = reader.acquire(SegmentDescriptor.path(directory, sequences[index]));
        if (segment.journalId != journalId)
        {
            final Path path = segment.path;
            final long id = segment.journalId;
            segment.close();
            throw new JournalCorruptedException(path, SegmentDescriptor.JOURNAL_ID_OFFSET,
                "journal id " + id + " differs from " + journalId);
        }
        offset = SegmentDescriptor.HEADER_LENGTH;
        nextSequence = sequences[index];
    }

    private static long firstAfter(final long[] sequences, final long sequence)
    {
        for (final long s : sequences)
        {
            if (s > sequence)
            {
                return s;
            }
        }
        return -1;
    }
}
