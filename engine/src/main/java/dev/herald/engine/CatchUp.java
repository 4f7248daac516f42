package dev.herald.engine;

import com.lmax.disruptor.Sequence;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;
import dev.herald.journal.JournalTailer;

import java.nio.file.Path;

/**
 * How a stage added to a running engine catches up from the journal and joins the live ring at the exact next
 * sequence, a bounded batch per duty cycle, so it can share a thread (or an invoker) with live stages.
 *
 * <ol>
 *   <li><em>Chase</em>: replay, in replay mode, from the first wanted sequence towards the journal's head (what is
 *   durable under durable gating, what is appended otherwise), pass after pass, without holding anyone back,
 *   until what is left would fit in a quarter of the ring, or after {@value #MAX_CHASE_PASSES} passes if publishers
 *   outrun the replay, or at once when the engine closes.</li>
 *   <li><em>Join</em>: become a participant of the tail at its sequence T; from then on no slot after T can be
 *   overwritten. Every record up to T is in the journal, and durable under durable gating, because the tail never
 *   passes the journal stage.</li>
 *   <li><em>Finish</em>: replay what lies between the last replayed record R and T, if T &gt; R.</li>
 *   <li><em>Live</em>: the stage consumes the ring from T + 1, skipping sequences up to R and below the first
 *   wanted one ({@link #liveFrom()}).</li>
 * </ol>
 *
 * Replay covers exactly [from, max(R, T)] and live handling starts right after it: no gap, no duplicate. A replay
 * that finds the journal starting later than wanted (old segments deleted) reports it and goes on. Only step 3
 * holds the producer back, for at most about a quarter of the ring.
 *
 * <p>Threading: the stage's thread; {@link #replayedUpTo()} from any thread.
 */
final class CatchUp
{
    /** Passes over the journal before the stage joins the ring whatever the distance left. */
    static final int MAX_CHASE_PASSES = 8;

    private final Path journalDirectory;
    private final long fromSequence;
    private final HandlerInvoker invoker;
    private final ReplayDriver driver;
    private final Ring ring;
    private final Tail tail;
    private final Sequence stageSequence;
    private final Sequence head;
    private final EngineState state;
    private final int batchLimit;
    private final long closeEnough;

    private JournalReader reader;
    private JournalTailer tailer;
    private long passTarget = -1;
    private int passes;
    private long joinedAt = Long.MIN_VALUE;
    private boolean gapReported;
    private boolean done;
    private volatile long replayedUpTo;

    /**
     * @param journalDirectory of the engine's journal.
     * @param fromSequence     first journal sequence the stage wants.
     * @param invoker          the stage's handler.
     * @param ring             the engine's ring.
     * @param tail             to join.
     * @param stageSequence    the stage's sequence, set by the join.
     * @param head             ring sequence of the journal's head the stage may replay up to.
     * @param state            of the engine, to stop chasing when it closes.
     * @param batchLimit       most records replayed per duty cycle.
     */
    CatchUp(
        final Path journalDirectory,
        final long fromSequence,
        final HandlerInvoker invoker,
        final Ring ring,
        final Tail tail,
        final Sequence stageSequence,
        final Sequence head,
        final EngineState state,
        final int batchLimit)
    {
        this.journalDirectory = journalDirectory;
        this.fromSequence = fromSequence;
        this.invoker = invoker;
        this.driver = new ReplayDriver(invoker);
        this.ring = ring;
        this.tail = tail;
        this.stageSequence = stageSequence;
        this.head = head;
        this.state = state;
        this.batchLimit = batchLimit;
        this.closeEnough = Math.max(1, ring.ringBuffer.getBufferSize() / 4);
        this.replayedUpTo = fromSequence - 1;
    }

    boolean done()
    {
        return done;
    }

    /** @return the last journal sequence replayed so far. */
    long replayedUpTo()
    {
        return replayedUpTo;
    }

    /** @return the first journal sequence the stage handles live; valid once {@link #done()}. */
    long liveFrom()
    {
        return Math.max(fromSequence, replayedUpTo + 1);
    }

    /** @return records replayed in this duty cycle, or 1 for other progress. */
    int doWork()
    {
        try
        {
            if (reader == null)
            {
                invoker.replay(true);
                reader = Journal.openReader(journalDirectory);
                tailer = reader.follow(fromSequence);
                return 1;
            }
            if (joinedAt == Long.MIN_VALUE)
            {
                return chase();
            }
            return replayTowards(joinedAt, true);
        }
        catch (final Throwable throwable)
        {
            // Reported; the stage still joins, so it goes on live rather than stall.
            invoker.reportFailure(replayedUpTo + 1, throwable);
            join();
            finish();
            return 1;
        }
    }

    /** Become a participant of the tail at its sequence T: from now on no slot after T can be overwritten. */
    private void join()
    {
        if (joinedAt == Long.MIN_VALUE)
        {
            joinedAt = ring.base + tail.add(stageSequence);
        }
    }

    private int chase()
    {
        if (passTarget < 0)
        {
            final long target = ring.base + head.get();
            if (state.isClosing() || target - replayedUpTo <= closeEnough || passes >= MAX_CHASE_PASSES)
            {
                join();
                return 1;
            }
            passTarget = target;
        }
        return replayTowards(passTarget, false);
    }

    private int replayTowards(final long target, final boolean last)
    {
        if (replayedUpTo < target)
        {
            driver.stopAfter(target);
            final long expected = replayedUpTo + 1;
            final long before = driver.delivered();
            tailer.poll(driver, batchLimit);
            final int replayed = (int)(driver.delivered() - before);
            if (replayed > 0)
            {
                checkStartedAt(expected, driver.lastSequence() - replayed + 1);
                replayedUpTo = driver.lastSequence();
            }
            if (replayedUpTo < target)
            {
                return replayed;
            }
        }
        if (last)
        {
            finish();
        }
        else
        {
            passes++;
            passTarget = -1;
        }
        return 1;
    }

    private void checkStartedAt(final long expected, final long first)
    {
        if (first != expected && !gapReported)
        {
            gapReported = true;
            invoker.reportFailure(expected, new IllegalStateException("catch-up of stage=" + invoker.name() +
                " wanted sequence=" + expected + " but the journal continues at sequence=" + first +
                "; were older segments deleted?"));
        }
    }

    private void finish()
    {
        if (done)
        {
            return;
        }
        done = true;
        try
        {
            driver.finish();
        }
        finally
        {
            invoker.replay(false);
            if (tailer != null)
            {
                tailer.close();
            }
            if (reader != null)
            {
                reader.close();
            }
        }
    }
}
