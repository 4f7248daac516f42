package dev.herald.journal;

/**
 * Follows a journal as its writer appends: each {@link #poll(RecordHandler, int)} delivers the records that
 * became visible since the last one, in sequence order, crossing segments as the writer rolls.
 *
 * <p>Threading: one thread polls; the writer may be in this process or another.
 */
public final class JournalTailer implements AutoCloseable
{
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
        throw new UnsupportedOperationException("TODO");
    }

    /** @return the sequence the next delivered record will have. */
    public long nextSequence()
    {
        throw new UnsupportedOperationException("TODO");
    }

    /** Unmap the current segment. */
    @Override
    public void close()
    {
    }
}
