package dev.herald.engine;

import dev.herald.journal.JournalException;
import org.agrona.concurrent.AgentInvoker;

/**
 * The close protocol: refuse new publishes, drain everything already published (overflows and facts derived while
 * draining included), then stop and join every thread, which closes the journal.
 *
 * <ol>
 *   <li>refuse new publishes and new idle ticks ({@link EngineState#beginClose()});</li>
 *   <li>wait until every participant and the tail equal the ring cursor, every overflow is empty, no stage is
 *   catching up or inside {@code onIdle}, and the cursor did not move while checking;</li>
 *   <li>mark the engine closed and read the cursor again: a publisher that passed its check before step 1 may have
 *   claimed since; if so, go back to 2. Such a publisher sees the closed mark after publishing and throws, so no
 *   publish that returned normally is lost;</li>
 *   <li>stop and join every thread ({@code onShutdown} runs on each stage's thread); the journal stage forces and
 *   closes the journal.</li>
 * </ol>
 *
 * Under {@link ThreadLayout#INVOKER} the closing thread drives the duty cycle itself while it drains.
 *
 * <p>After the journal has failed nothing more can become durable, so step 2 waits only until no participant has
 * anything left it can do (stages have handled what was durable, late stages have caught up), and the close then
 * says, naming the failure, which published facts were not journaled.
 *
 * <p>Threading: one closing thread.
 */
final class EngineClose
{
    private final Ring ring;
    private final Tail tail;
    private final Topology topology;
    private final EngineThreads threads;
    private final EngineState state;
    private final MetricsSampler metrics;

    EngineClose(
        final Ring ring,
        final Tail tail,
        final Topology topology,
        final EngineThreads threads,
        final EngineState state,
        final MetricsSampler metrics)
    {
        this.ring = ring;
        this.tail = tail;
        this.topology = topology;
        this.threads = threads;
        this.state = state;
        this.metrics = metrics;
    }

    /**
     * Drain and stop; the caller has moved the engine to closing.
     *
     * @param timeoutNs longest wait for the drain and the joins.
     * @throws EngineCloseException when the timeout passed first, with what was left.
     */
    void close(final long timeoutNs)
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        boolean drained = false;
        while (true)
        {
            final long quietAt = awaitQuiet(deadlineNs);
            state.closed();
            if (quietAt == Long.MIN_VALUE)
            {
                break;
            }
            if (ring.cursor() == quietAt)
            {
                drained = true;
                break;
            }
        }

        final EngineMetrics leftOver = drained ? null : metrics.sample();
        threads.stop();
        final String stuck = threads.join(deadlineNs, drained ? 0 : 1000);
        final JournalException failure = state.journalFailure();
        if (failure != null)
        {
            final EngineMetrics snapshot = metrics.sample();
            throw new EngineCloseException(describeLoss(failure, snapshot), snapshot, failure);
        }
        if (!drained || !stuck.isEmpty())
        {
            final EngineMetrics snapshot = leftOver != null ? leftOver : metrics.sample();
            throw new EngineCloseException(describe(timeoutNs / 1_000_000, snapshot, stuck), snapshot, null);
        }
    }

    private static String describeLoss(final JournalException failure, final EngineMetrics snapshot)
    {
        final long notJournaled = snapshot.cursor() - snapshot.durableSequence();
        return failure.getMessage() + (notJournaled <= 0 ? "; every published fact was journaled" :
            "; " + notJournaled + (notJournaled == 1 ? " fact" : " facts") + " published after sequence " +
            snapshot.durableSequence() + " were not journaled");
    }

    /** @return the ring cursor at which every stage was found quiet, or Long.MIN_VALUE on timeout. */
    private long awaitQuiet(final long deadlineNs)
    {
        final AgentInvoker invoker = threads.invoker();
        int idles = 0;
        while (true)
        {
            final long cursor = ring.cursor();
            if (state.journalFailure() != null ? nothingLeftToDo() : drainedTo(cursor) && ring.cursor() == cursor)
            {
                return cursor;
            }
            if (System.nanoTime() - deadlineNs >= 0)
            {
                return Long.MIN_VALUE;
            }
            if (invoker != null)
            {
                invoker.invoke();
            }
            else
            {
                Publisher.backOff(idles++);
            }
        }
    }

    private boolean drainedTo(final long cursor)
    {
        boolean drained = tail.sequence.get() == cursor;
        for (final Participant participant : topology.participants())
        {
            drained &= participant.sequence().get() == cursor && participant.isQuiet();
        }
        return drained;
    }

    private boolean nothingLeftToDo()
    {
        for (final Participant participant : topology.participants())
        {
            if (participant.hasWork())
            {
                return false;
            }
        }
        return true;
    }

    private static String describe(final long timeoutMs, final EngineMetrics snapshot, final String stuck)
    {
        final StringBuilder message = new StringBuilder("close timed out after ").append(timeoutMs)
            .append(" ms; left: cursor=").append(snapshot.cursor());
        for (final StageMetrics stage : snapshot.stages())
        {
            message.append(", ").append(stage.name()).append(" lag=").append(stage.lag())
                .append(" overflow=").append(stage.overflow());
            if (stage.catchingUp())
            {
                message.append(" catchingUp");
            }
        }
        if (!stuck.isEmpty())
        {
            message.append("; threads not stopped: ").append(stuck);
        }
        return message.toString();
    }
}
