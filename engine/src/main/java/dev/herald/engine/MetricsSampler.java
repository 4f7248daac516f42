package dev.herald.engine;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;

/**
 * Takes {@link EngineMetrics} snapshots without stopping anything: every participant's volatile counters, the
 * ring's capacity, and the tail's latency recorder folded into a histogram since launch.
 *
 * <p>Threading: any thread; snapshots are taken one at a time.
 */
final class MetricsSampler
{
    private final Ring ring;
    private final Tail tail;
    private final Topology topology;
    private final Errors errors;
    private final Histogram latencyTotal = new Histogram(1, Tail.MAX_LATENCY_NS, 3);
    private Histogram latencyInterval;

    MetricsSampler(final Ring ring, final Tail tail, final Topology topology, final Errors errors)
    {
        this.ring = ring;
        this.tail = tail;
        this.topology = topology;
        this.errors = errors;
    }

    synchronized EngineMetrics sample()
    {
        latencyInterval = tail.latency.getIntervalHistogram(latencyInterval);
        latencyTotal.add(latencyInterval);

        final long cursor = ring.cursor();
        final Participant[] participants = topology.participants();
        final List<StageMetrics> stages = new ArrayList<>(participants.length);
        String holdingBack = null;
        long lowest = Long.MAX_VALUE;
        for (final Participant participant : participants)
        {
            final StageMetrics metrics = participant.metrics(ring.base, cursor);
            stages.add(metrics);
            // The most upstream stage on a tie, so a slow stage is named rather than the stages after it.
            if (metrics.lag() > 0 && metrics.sequence() < lowest)
            {
                lowest = metrics.sequence();
                holdingBack = metrics.name();
            }
        }

        final JournalAgent journal = topology.journal();
        return new EngineMetrics(
            ring.base + cursor,
            ring.base + journal.sequence().get(),
            journal.durableJournalSequence(),
            ring.ringBuffer.getBufferSize(),
            ring.ringBuffer.remainingCapacity(),
            ring.ringFullCount.get(),
            holdingBack,
            errors.listenerErrors.get(),
            List.copyOf(stages),
            latencyTotal.copy());
    }
}
