package dev.herald.journal;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads a journal: replays a range of records to a {@link RecordHandler}, or follows the journal as a writer
 * appends. Maps one segment at a time, so memory use does not grow with the journal, and allocates nothing per
 * record.
 *
 * <p>Threading: a reader is used by one thread at a time. Several readers may read one journal at once, beside
 * its writer.
 */
public final class JournalReader implements AutoCloseable
{
    static JournalReader open(final Path directory)
    {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Replay records with sequences in {@code [fromSequence, toSequence]} in order. Stops quietly at the end of
     * the valid data, including before a torn tail that a writer would truncate.
     *
     * @param fromSequence first sequence wanted; earlier records are skipped.
     * @param toSequence   last sequence wanted, inclusive; {@code Long.MAX_VALUE} for all.
     * @param handler      receives each record; returning false stops the replay.
     * @return number of records handed to the handler.
     * @throws JournalCorruptedException at damage other than a torn tail, naming segment and offset.
     */
    public long replay(final long fromSequence, final long toSequence, final RecordHandler handler)
    {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Start following the journal from a sequence: the tailer sees records appended after it was made.
     *
     * @param fromSequence first sequence to deliver.
     * @return a tailer, owned by the caller's thread.
     */
    public JournalTailer follow(final long fromSequence)
    {
        throw new UnsupportedOperationException("TODO");
    }

    /** @return segment files in sequence order. */
    public List<Path> segmentFiles()
    {
        throw new UnsupportedOperationException("TODO");
    }

    /** @return the journal id written in every segment header. */
    public long journalId()
    {
        throw new UnsupportedOperationException("TODO");
    }

    /** @return the application id written in every segment header. */
    public long applicationId()
    {
        throw new UnsupportedOperationException("TODO");
    }

    /** @return the journal directory. */
    public Path directory()
    {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void close()
    {
    }
}
