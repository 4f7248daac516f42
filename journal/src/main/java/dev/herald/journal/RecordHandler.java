package dev.herald.journal;

/**
 * Receives records during a replay or a follow.
 *
 * <p>Called on the thread that drives the reader. The view is valid only during the call; copy what must
 * outlive it.
 */
@FunctionalInterface
public interface RecordHandler
{
    /**
     * One record, in sequence order.
     *
     * @param record a zero-copy view of the frame; do not keep it.
     * @return true to continue, false to stop the replay after this record.
     */
    boolean onRecord(RecordView record);
}
