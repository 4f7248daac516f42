package dev.herald.journal;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Follows a journal as its writer appends: each {@link #poll(RecordHandler, int)} delivers the records that became
 * visible since the last one, in sequence order, crossing segments as the writer rolls. One segment is mapped at a
 * time; the one it ends on stays mapped in its reader for the next replay or tailer. {@link JournalReader#replay}
 * is a tailer polled to the end.
 *
 * <p>At the end of the written data the tailer waits (polls return 0). A frame that is torn with nothing valid after
 * it, in the last segment, is also treated as the end: it is what a crashed writer leaves and what its recovery
 * truncates, or a batch the writer is still writing. Frames of a batch under way may become visible in any order, so
 * a tailer that sees valid frames after one that is not yet valid gives the writer a moment to finish before it calls
 * it damage ({@link FrameScanner#nextSettled}). Any other damage throws {@link JournalCorruptedException}.
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
    private final FrameScanner scanner = new FrameScanner();

    private Segment segment;
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
     * Deliver up to {@code limit} records that are available now. Never blocks, but for a bounded wait on a batch
     * that a writer is still writing.
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
     * Deliver up to {@code limit} records that are available now, none past {@code toSequence}: a follower gated
     * on durability passes the engine's durable sequence, so it never hands on a record a power cut could undo.
     *
     * @param handler    receives each record; returning false stops this poll after that record.
     * @param limit      most records to deliver.
     * @param toSequence last sequence to deliver, inclusive.
     * @return the number delivered; 0 when none is available yet.
     * @throws JournalCorruptedException at damage, naming segment and offset.
     */
    public int poll(final RecordHandler handler, final int limit, final long toSequence)
    {
        return (int)read(toSequence, limit, handler, false);
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
        while (delivered < limit && scanner.nextSequence() <= toSequence)
        {
            if (scanner.next(FrameScanner.NO_LOOKAHEAD) == FrameScanner.FRAME)
            {
                final int frameOffset = scanner.offset();
                final long sequence = scanner.nextSequence();
                scanner.advance();
                if (sequence >= fromSequence)
                {
                    delivered++;
                    if (!handler.onRecord(view.wrap(segment.buffer, frameOffset)))
                    {
                        break;
                    }
                }
            }
            else if (!moveOn(checkNow))
            {
                break;
            }
        }
        return delivered;
    }

    /** @return the sequence the next delivered record will have. */
    public long nextSequence()
    {
        return Math.max(scanner.nextSequence(), fromSequence);
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
     * @return true when reading can go on.
     */
    private boolean moveOn(final boolean checkNow)
    {
        final long nextSequence = scanner.nextSequence();
        if (nextSegmentPathSequence != nextSequence)
        {
            nextSegmentPath = SegmentDescriptor.path(directory, nextSequence);
            nextSegmentPathSequence = nextSequence;
        }
        // An empty segment's "next" name is its own; only a later segment can follow it.
        if (nextSequence != segment.firstSequence && Files.exists(nextSegmentPath))
        {
            return enterNextSegment();
        }
        // Scanning past the end for valid frames costs a pass over the rest of the segment, so a follower that
        // sits at the end of data does it at most once per interval; a torn frame or a replay checks at once.
        final long now = System.nanoTime();
        if (!scanner.clean() || checkNow || now - nextGapCheckNs >= 0)
        {
            nextGapCheckNs = now + GAP_CHECK_INTERVAL_NS;
            // At a plain end of data a reader looks a bounded window ahead (a lost page shows there); a torn frame
            // gets the whole rest of the segment. Verify and a writer's recovery always look at the whole rest.
            final int lookahead = scanner.clean() ? END_OF_DATA_LOOKAHEAD : FrameScanner.WHOLE_SEGMENT;
            final int result = scanner.nextSettled(lookahead);
            if (result == FrameScanner.FRAME)
            {
                return true;
            }
            if (result == FrameScanner.DAMAGED)
            {
                throw scanner.corruption(", with valid records after it");
            }
            checkNoLaterSegment();
        }
        return false;
    }

    private boolean enterNextSegment()
    {
        final Segment next = reader.acquire(nextSegmentPath);
        if (next.journalId != journalId)
        {
            next.close();
            throw new JournalCorruptedException(nextSegmentPath, SegmentDescriptor.JOURNAL_ID_OFFSET,
                "journal id " + next.journalId + " differs from " + journalId);
        }
        // The writer rolled after writing everything of this segment: look again before judging what is here.
        if (scanner.next(FrameScanner.NO_LOOKAHEAD) == FrameScanner.FRAME)
        {
            reader.release(next);
            return true;
        }
        if (!scanner.clean())
        {
            final JournalCorruptedException ex = scanner.corruption(" in a sealed segment");
            next.close();
            throw ex;
        }
        final long nextSequence = scanner.nextSequence();
        reader.release(segment);
        segment = next;
        scanner.wrap(segment, SegmentDescriptor.HEADER_LENGTH, nextSequence);
        return true;
    }

    private void checkNoLaterSegment()
    {
        final long[] sequences = SegmentFiles.list(directory);
        final long later = firstAfter(sequences, segment.firstSequence);
        // A later segment that starts at the next sequence is a roll that happened since the existence check.
        if (later != -1 && later != scanner.nextSequence())
        {
            // A file named like a later segment that is not one is the file to blame: its header check says so.
            Segment.open(JournalStorage.FILE_SYSTEM, SegmentDescriptor.path(directory, later)).close();
            throw new JournalCorruptedException(segment.path, scanner.offset(), "segment ends before sequence " +
                scanner.nextSequence() + " but the next segment starts at " + later);
        }
    }

    private void openSegmentFor(final long sequence)
    {
        final long[] sequences = SegmentFiles.list(directory);
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
        scanner.wrap(segment, SegmentDescriptor.HEADER_LENGTH, sequences[index]);
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
