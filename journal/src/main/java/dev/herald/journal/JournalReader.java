package dev.herald.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a journal: replays a range of records to a {@link RecordHandler}, or follows the journal as a writer
 * appends. Maps one segment at a time, so memory use does not grow with the journal, and allocates nothing per
 * record.
 *
 * <p>Threading: a reader, and the tailers it makes, are used by one thread at a time. Several readers may read one
 * journal at once, beside its writer; readers take no lock. A reader keeps the last {@value #KEPT_MAPPINGS} segments
 * it read mapped, so that replaying again costs no new page faults; {@link #close()} unmaps them.
 */
public final class JournalReader implements AutoCloseable
{
    private final Path directory;
    private final long journalId;
    private final long applicationId;
    /** Segments kept mapped after a replay or tailer is done with them, most recent last. */
    static final int KEPT_MAPPINGS = 4;

    private final Segment[] kept = new Segment[KEPT_MAPPINGS];
    private int keptCount;
    private boolean closed;

    private JournalReader(final Path directory, final long journalId, final long applicationId)
    {
        this.directory = directory;
        this.journalId = journalId;
        this.applicationId = applicationId;
    }

    static JournalReader open(final Path directory)
    {
        final long[] sequences = SegmentFiles.list(directory);
        if (sequences.length == 0)
        {
            throw new JournalException("journal directory " + directory + " has no segments: not a journal");
        }
        try (Segment first = Segment.open(JournalStorage.FILE_SYSTEM, SegmentDescriptor.path(directory, sequences[0])))
        {
            return new JournalReader(directory, first.journalId, first.applicationId);
        }
    }

    /**
     * Replay records with sequences in {@code [fromSequence, toSequence]} in order. Stops quietly at the end of the
     * valid data, including before a torn tail that a writer would truncate. Records below the first retained
     * segment are gone; the replay then starts at the first record there is.
     *
     * @param fromSequence first sequence wanted; earlier records are skipped.
     * @param toSequence   last sequence wanted, inclusive; {@code Long.MAX_VALUE} for all.
     * @param handler      receives each record; returning false stops the replay.
     * @return number of records handed to the handler.
     * @throws JournalCorruptedException at damage other than a torn tail, naming segment and offset.
     */
    public long replay(final long fromSequence, final long toSequence, final RecordHandler handler)
    {
        if (fromSequence < 0 || toSequence < fromSequence)
        {
            throw new IllegalArgumentException("invalid range from=" + fromSequence + " to=" + toSequence +
                ", must be 0 <= from <= to");
        }
        try (JournalTailer tailer = new JournalTailer(this, fromSequence))
        {
            return tailer.drain(toSequence, handler);
        }
    }

    /**
     * Start following the journal from a sequence: the tailer sees records appended after it was made.
     *
     * @param fromSequence first sequence to deliver.
     * @return a tailer, owned by the caller's thread; close it when done.
     */
    public JournalTailer follow(final long fromSequence)
    {
        if (fromSequence < 0)
        {
            throw new IllegalArgumentException("invalid fromSequence=" + fromSequence + ", must be >= 0");
        }
        return new JournalTailer(this, fromSequence);
    }

    /** @return segment files in sequence order. */
    public List<Path> segmentFiles()
    {
        final long[] sequences = SegmentFiles.list(directory);
        final List<Path> files = new ArrayList<>(sequences.length);
        for (final long sequence : sequences)
        {
            files.add(SegmentDescriptor.path(directory, sequence));
        }
        return files;
    }

    /** @return the journal id written in every segment header. */
    public long journalId()
    {
        return journalId;
    }

    /** @return the application id written in every segment header. */
    public long applicationId()
    {
        return applicationId;
    }

    /** @return the journal directory. */
    public Path directory()
    {
        return directory;
    }

    /** Unmap the segments kept from earlier replays. Tailers made by this reader must be closed first. */
    @Override
    public void close()
    {
        closed = true;
        while (keptCount > 0)
        {
            kept[--keptCount].close();
            kept[keptCount] = null;
        }
    }

    /**
     * Map a segment, or take one an earlier replay or tailer left mapped. Mapping costs a page fault for every 16
     * pages touched afterwards (measured here: 4 to 11 ms for a 256 MiB segment in the page cache), so a reader that
     * replays again does not map again.
     */
    Segment acquire(final Path path)
    {
        for (int i = 0; i < keptCount; i++)
        {
            if (kept[i].path.equals(path))
            {
                final Segment segment = kept[i];
                System.arraycopy(kept, i + 1, kept, i, keptCount - i - 1);
                kept[--keptCount] = null;
                return segment;
            }
        }
        return Segment.open(JournalStorage.FILE_SYSTEM, path);
    }

    /** Keep a segment a tailer is done with mapped for the next replay; the least recently kept one goes. */
    void release(final Segment segment)
    {
        if (closed)
        {
            segment.close();
            return;
        }
        if (keptCount == kept.length)
        {
            kept[0].close();
            System.arraycopy(kept, 1, kept, 0, keptCount - 1);
            keptCount--;
        }
        kept[keptCount++] = segment;
    }
}
