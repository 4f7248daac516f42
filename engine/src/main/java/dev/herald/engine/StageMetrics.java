package dev.herald.engine;

/**
 * A snapshot of one stage's counters, taken by {@link Engine#metrics()}. The journal stage appears as a stage
 * named {@value #JOURNAL}. Counters are read one by one without stopping the stage, so they may be a few messages
 * apart from each other.
 *
 * @param name       of the stage.
 * @param sequence   journal sequence of the last message the stage finished, -1 before the first.
 * @param processed  messages handled live (replayed catch-up messages excluded).
 * @param lag        messages claimed in the ring that the stage has not finished: cursor minus its sequence.
 * @param errors     failures isolated in this stage.
 * @param batches    batches handled.
 * @param maxBatch   largest batch so far.
 * @param overflow   derived facts waiting in the stage's overflow for room in the ring.
 * @param catchingUp true while a stage added at run time is still replaying the journal.
 */
public record StageMetrics(
    String name,
    long sequence,
    long processed,
    long lag,
    long errors,
    long batches,
    long maxBatch,
    long overflow,
    boolean catchingUp)
{
    /** The name under which the journal stage appears; its batches are the journal's group commits. */
    public static final String JOURNAL = "journal";

    /** @return mean batch size, 0 before the first batch. */
    public double meanBatch()
    {
        return batches == 0 ? 0.0 : (double)processed / batches;
    }
}
