package dev.herald.engine;

/**
 * What a participant counts once per batch for {@link StageMetrics}: messages processed, batches, the largest batch.
 *
 * <p>Threading: written by the participant's thread once per batch (volatile fields, one writer), read by any.
 */
final class BatchCounters
{
    private volatile long processed;
    private volatile long batches;
    private volatile long maxBatch;

    void onBatch(final long batch)
    {
        processed += batch;
        batches++;
        if (batch > maxBatch)
        {
            maxBatch = batch;
        }
    }

    long processed()
    {
        return processed;
    }

    long batches()
    {
        return batches;
    }

    long maxBatch()
    {
        return maxBatch;
    }
}
