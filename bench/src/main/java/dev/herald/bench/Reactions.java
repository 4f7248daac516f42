package dev.herald.bench;

import dev.herald.journal.RecordView;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The reactions of a fan-out benchmark and their progress: each reaction folds every fact into its state with
 * {@link Work#react}, counts it in its own cache line, and, for the latency harness, stamps the time it finished
 * each fact. Index {@link #JOURNAL} counts the journal writer, so "drained" means journaled and handled by all.
 *
 * <p>Threading: reaction {@code i} is called by one thread at a time; counts are read from any thread.
 */
public final class Reactions
{
    /** Counter index of the journal writer. */
    public static final int JOURNAL = 0;
    private static final int STRIDE = 16;
    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

    private final int count;
    private final long[] counts;
    private final long[] states;
    private final long[][] doneNanos;

    /**
     * @param count            number of reactions, 1 or more.
     * @param latencyCapacity  facts whose finish time is stamped by id (the latency harness); 0 for none.
     */
    public Reactions(final int count, final int latencyCapacity)
    {
        if (count < 1)
        {
            throw new IllegalArgumentException("invalid handlers=" + count + ", must be >= 1");
        }
        this.count = count;
        this.counts = new long[(count + 2) * STRIDE];
        this.states = new long[(count + 2) * STRIDE];
        this.doneNanos = latencyCapacity > 0 ? new long[count][latencyCapacity] : null;
    }

    /** @return number of reactions. */
    public int count()
    {
        return count;
    }

    /**
     * Handle one fact in reaction {@code index}.
     *
     * @param index   of the reaction, from 0.
     * @param message the fact.
     */
    public void react(final int index, final RecordView message)
    {
        final int slot = (index + 1) * STRIDE;
        states[slot] = Work.react(message, states[slot]);
        if (doneNanos != null)
        {
            doneNanos[index][(int)message.correlationId()] = System.nanoTime();
        }
        COUNTS.setRelease(counts, slot, counts[slot] + 1);
    }

    /** Count one fact journaled. */
    public void journaled()
    {
        COUNTS.setRelease(counts, JOURNAL, counts[JOURNAL] + 1);
    }

    /**
     * @param index of the reaction, from 0.
     * @return facts it has handled.
     */
    public long handled(final int index)
    {
        return (long)COUNTS.getAcquire(counts, (index + 1) * STRIDE);
    }

    /** @return facts journaled. */
    public long journaledCount()
    {
        return (long)COUNTS.getAcquire(counts, JOURNAL);
    }

    /**
     * @param index of the reaction.
     * @return its state, the fold of every fact it saw.
     */
    public long state(final int index)
    {
        return states[(index + 1) * STRIDE];
    }

    /**
     * @param index of the reaction.
     * @param id    of the fact.
     * @return when the reaction finished it (System.nanoTime), 0 if not yet.
     */
    public long doneNanos(final int index, final int id)
    {
        return doneNanos[index][id];
    }

    /**
     * Wait, without burning a core, until the journal and every reaction have seen {@code target} facts.
     *
     * @param target        facts published.
     * @param journaled     whether the journal count must reach it too.
     * @param timeoutNanos  give up after this long.
     * @throws IllegalStateException on timeout, naming who is behind.
     */
    public void awaitAll(final long target, final boolean journaled, final long timeoutNanos)
    {
        final long deadline = System.nanoTime() + timeoutNanos;
        int spins = 0;
        while (!reached(target, journaled))
        {
            if (++spins < 100)
            {
                Thread.onSpinWait();
            }
            else
            {
                LockSupport.parkNanos(20_000);
                if (System.nanoTime() - deadline > 0)
                {
                    throw new IllegalStateException(describe(target));
                }
            }
        }
    }

    /**
     * @param target facts published.
     * @return whether every reaction has handled that many.
     */
    public boolean reached(final long target)
    {
        return reached(target, false);
    }

    private boolean reached(final long target, final boolean journaled)
    {
        if (journaled && journaledCount() < target)
        {
            return false;
        }
        for (int i = 0; i < count; i++)
        {
            if (handled(i) < target)
            {
                return false;
            }
        }
        return true;
    }

    private String describe(final long target)
    {
        final StringBuilder sb = new StringBuilder("fan-out did not drain: target=").append(target)
            .append(" journaled=").append(journaledCount());
        for (int i = 0; i < count; i++)
        {
            sb.append(" reaction").append(i).append('=').append(handled(i));
        }
        return sb.toString();
    }
}
