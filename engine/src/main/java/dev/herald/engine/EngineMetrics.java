package dev.herald.engine;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * A snapshot of the engine's counters, taken by {@link Engine#metrics()} from any thread without stopping
 * anything. Immutable once taken.
 *
 * @param cursor             journal sequence of the last message claimed in the ring, -1 before the first.
 * @param journaledSequence  last sequence appended to the journal.
 * @param durableSequence    last sequence durable under the journal's policy.
 * @param ringCapacity       number of slots in the ring.
 * @param ringRemaining      free slots in the ring when the snapshot was taken.
 * @param ringFullCount      publish attempts refused because the ring was full (tryPublish false, or a wait in
 *                           publish or emit).
 * @param holdingBack        name of the stage that holds the producer back: the one furthest behind, the most
 *                           upstream one on a tie; null when every stage is at the cursor.
 * @param listenerErrors     exceptions thrown by the error listener, swallowed.
 * @param stages             the journal stage first, then consumer stages in declaration order, late ones last.
 * @param latencyNs          end-to-end latency in nanoseconds since launch: from publish (or emit) to the moment
 *                           every stage has finished the message.
 */
public record EngineMetrics(
    long cursor,
    long journaledSequence,
    long durableSequence,
    int ringCapacity,
    long ringRemaining,
    long ringFullCount,
    String holdingBack,
    long listenerErrors,
    List<StageMetrics> stages,
    Histogram latencyNs)
{
    /**
     * @param name of a stage.
     * @return its metrics, or null when there is no such stage.
     */
    public StageMetrics stage(final String name)
    {
        for (final StageMetrics stage : stages)
        {
            if (stage.name().equals(name))
            {
                return stage;
            }
        }
        return null;
    }

    /** @return whether the ring was full when the snapshot was taken. */
    public boolean ringFull()
    {
        return ringRemaining == 0;
    }
}
