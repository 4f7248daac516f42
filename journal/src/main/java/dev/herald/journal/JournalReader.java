package dev.herald.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a journal: replays a range of records to a {@link RecordHandler}, or follows the journal as a writer
 * appends. Maps one segment at a time, so memory use does not grow with the journal, and allocates nothing per
 * record.
 *
 * <p>Threading: a reader is used by one thread at a time. Several readers may read one journal at once, beside
 * its writer; readers take no lock.
 */
public final class JournalReader implements AutoCloseable
{
    private final Path directory;
    private final long journalId;
    private final long applicationId;

    private JournalReader(final Path directory, final long journalId, final long applicationId)
    {
        this.directory = directory;
        this.journalId = journalId;
        this.applicationId = applicationId;
    }

    static JournalReader open(final Path directory)
    {
        final long[] sequences = Segment.list(directory);
        if (sequences.length == 0)
        {
            throw new JournalException("journal directory " + directory + " has no segments: not a journal");
        }
        try (Segment first = Segment.open(SegmentDescriptor.path(directory, sequences[0]), false))
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
        try (JournalTailer tailer = new JournalTailer(directory, journalId, fromSequence))
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
        return new JournalTailer(directory, journalId, fromSequence);
    }

    /** @return segment files in sequence order. */
    public List<Path> segmentFiles()
    {
        final long[] sequences = Segment.list(directory);
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

    /** Readers hold nothing open between calls; present so a reader can sit in try-with-resources. */
    @Override
    public void close()
    {
    }
}
