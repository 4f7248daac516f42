package dev.herald.engine;

import com.lmax.disruptor.Sequence;
import org.HdrHistogram.Recorder;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The end of the pipeline: the one sequence that gates the producers. It follows the minimum of every
 * participant (the journal stage and each consumer stage) and, before it moves, records the end-to-end latency
 * of the messages every participant has now finished; the slots it passes over cannot be overwritten until it
 * has moved, so reading their publish time is safe.
 *
 * <p>Whichever participant finishes a batch calls {@link #advance()}; a try-lock keeps one recorder at a time,
 * and the holder checks again after releasing it so a participant that lost the race is never left unrecorded.
 */
final class Tail
{
    static final long MAX_LATENCY_NS = TimeUnit.HOURS.toNanos(1);

    final Sequence sequence = new Sequence(-1);
    final Recorder latency = new Recorder(1, MAX_LATENCY_NS, 3);
    private final AtomicInteger lock = new AtomicInteger();
    private final Ring ring;
    private volatile Sequence[] participants = new Sequence[0];

    /** Make the tail of a ring: from now on the ring's producers are gated on it. */
    Tail(final Ring ring)
    {
        this.ring = ring;
        ring.ringBuffer.addGatingSequences(sequence);
    }

    void advance()
    {
        while (lock.compareAndSet(0, 1))
        {
            try
            {
                final long current = sequence.get();
                final long minimum = minimum();
                if (minimum > current)
                {
                    final long now = System.nanoTime();
                    for (long s = current + 1; s <= minimum; s++)
                    {
                        final long latencyNs = now - ring.slot(s).publishNanos;
                        latency.recordValue(Math.max(0, Math.min(latencyNs, MAX_LATENCY_NS)));
                    }
                    sequence.set(minimum);
                }
            }
            finally
            {
                lock.set(0);
            }

            if (minimum() <= sequence.get())
            {
                return;
            }
        }
    }

    /**
     * Join a participant at the tail: it starts at the tail's sequence, so every slot after that one stays in
     * the ring until the participant has handled it.
     *
     * @return the ring sequence the participant starts after.
     */
    long add(final Sequence participant)
    {
        while (!lock.compareAndSet(0, 1))
        {
            Thread.yield();
        }
        try
        {
            final long start = sequence.get();
            participant.set(start);
            final Sequence[] current = participants;
            final Sequence[] updated = Arrays.copyOf(current, current.length + 1);
            updated[current.length] = participant;
            participants = updated;
            return start;
        }
        finally
        {
            lock.set(0);
        }
    }

    private long minimum()
    {
        long minimum = Long.MAX_VALUE;
        for (final Sequence participant : participants)
        {
            minimum = Math.min(minimum, participant.get());
        }
        return minimum;
    }
}
