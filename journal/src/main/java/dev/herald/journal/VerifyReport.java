package dev.herald.journal;

import java.nio.file.Path;

/**
 * What {@link Journal#verify(java.nio.file.Path)} found. Immutable.
 *
 * @param directory       the journal directory.
 * @param segments        number of segment files.
 * @param records         number of valid records.
 * @param bytes           sum of valid frame lengths.
 * @param firstSequence   first valid sequence, or -1 when there is none.
 * @param lastSequence    last valid sequence, or -1 when there is none.
 * @param firstTimestamp  timestamp of the first record (epoch nanoseconds), or 0.
 * @param lastTimestamp   timestamp of the last record (epoch nanoseconds), or 0.
 * @param tornTailSegment segment holding a torn tail that recovery would truncate, or null.
 * @param tornTailOffset  offset of the torn tail in that segment, or -1.
 * @param tornTailBytes   bytes recovery would truncate, or 0.
 * @param corruption      the first damage that is not a torn tail, or null when the journal is intact.
 */
public record VerifyReport(
    Path directory,
    int segments,
    long records,
    long bytes,
    long firstSequence,
    long lastSequence,
    long firstTimestamp,
    long lastTimestamp,
    Path tornTailSegment,
    long tornTailOffset,
    long tornTailBytes,
    JournalCorruptedException corruption)
{
    /** @return true when no damage other than a recoverable torn tail was found. */
    public boolean isIntact()
    {
        return corruption == null;
    }

    /** @return true when the last segment ends in a torn record that recovery would truncate. */
    public boolean hasTornTail()
    {
        return tornTailSegment != null;
    }
}
