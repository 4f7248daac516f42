package dev.herald.engine;

import com.lmax.disruptor.Sequence;
import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.JournalException;
import dev.herald.journal.JournalWriter;
import org.agrona.concurrent.UnsafeBuffer;

import static dev.herald.journal.RecordDescriptor.FRAME_LENGTH_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The journal stage: appends every published slot to the journal unchanged, in ring order, at most a bounded batch
 * per duty cycle, and commits once per batch (group commit). It publishes two sequences: {@link #sequence()} (appended) and {@link #durable} (what the
 * journal reports durable), which gates consumers under {@link Gating#DURABLE}.
 *
 * <p>Under an interval durability policy a batch end may leave records not yet durable; the stage then keeps
 * calling {@link JournalWriter#endOfBatch()} while idle, parking no longer than a fraction of the interval, so
 * consumers are never stuck behind an idle journal.
 *
 * <p>A write that fails (a full disk, an I/O error) fails the engine's journal for good ({@link #fail}).
 */
final class JournalAgent implements Participant
{
    static final String NAME = StageMetrics.JOURNAL;

    final Sequence durable = new Sequence(-1);
    private final Sequence sequence = new Sequence(-1);
    private final Ring ring;
    private final Gate gate;
    private final JournalWriter writer;
    private final Tail tail;
    private final Doorbell doorbell;
    private final Errors errors;
    private final java.util.concurrent.atomic.AtomicLong retainFrom = new java.util.concurrent.atomic.AtomicLong(-1);
    private long retainedFrom = -1;
    private final long pendingParkNs;
    private final EngineState state;

    private volatile long durableJournalSequence;
    private final BatchCounters counters = new BatchCounters();
    private volatile long errorCount;
    private volatile boolean closed;

    JournalAgent(
        final Ring ring,
        final JournalWriter writer,
        final DurabilityPolicy policy,
        final Tail tail,
        final Doorbell doorbell,
        final Errors errors,
        final EngineState state)
    {
        this.state = state;
        this.ring = ring;
        this.gate = new Gate.Published(ring);
        this.writer = writer;
        this.tail = tail;
        this.doorbell = doorbell;
        this.errors = errors;
        this.durableJournalSequence = writer.durableSequence();
        this.pendingParkNs = policy.mode() == DurabilityPolicy.Mode.INTERVAL ?
            Math.max(10_000L, policy.intervalNs() / 4) : 1_000_000L;
    }

    @Override
    public String roleName()
    {
        return NAME;
    }

    @Override
    public Sequence sequence()
    {
        return sequence;
    }

    @Override
    public int doWork()
    {
        if (state.journalFailure() != null)
        {
            return 0;
        }
        if (retainFrom.get() > retainedFrom)
        {
            deleteSegmentsBefore(retainFrom.get());
        }
        final long current = sequence.get();
        // Everything published so far, one group commit: a bound here would multiply the fdatasyncs.
        final long available = gate.available(current + 1);
        if (available <= current)
        {
            return flushIfPending();
        }

        try
        {
            for (long s = current + 1; s <= available; s++)
            {
                final UnsafeBuffer buffer = ring.slot(s).buffer;
                final long journalSequence = writer.append(
                    buffer, 0, buffer.getInt(FRAME_LENGTH_OFFSET, LITTLE_ENDIAN));
                if (journalSequence != ring.base + s)
                {
                    throw new IllegalStateException("journal sequence mismatch: journal gave " + journalSequence +
                        ", ring slot holds " + (ring.base + s) + "; was the journal written by another process?");
                }
            }
            writer.endOfBatch();
        }
        catch (final Throwable throwable)
        {
            // The batch did not reach the file: the appended sequence stays where the last written batch left it.
            fail(ring.base + current + 1, throwable);
            return 0;
        }

        final long batch = available - current;
        sequence.set(available);
        updateDurable();
        counters.onBatch(batch);
        tail.advance();
        doorbell.signal();

        return (int)batch;
    }

    @Override
    public boolean hasWork()
    {
        if (state.journalFailure() != null)
        {
            return false;
        }
        final long current = sequence.get();
        return gate.available(current + 1) > current;
    }

    @Override
    public long parkCapNs()
    {
        return durable.get() < sequence.get() ? pendingParkNs : ParkingIdleStrategy.MAX_PARK_NS;
    }

    @Override
    public void onClose()
    {
        try
        {
            if (state.journalFailure() == null)
            {
                writer.force();
                updateDurable();
            }
        }
        catch (final Throwable throwable)
        {
            errors.report(NAME, -1, throwable);
        }
        finally
        {
            closed = true;
            writer.close();
        }
    }

    @Override
    public boolean isQuiet()
    {
        return true;
    }

    long durableJournalSequence()
    {
        if (!closed)
        {
            try
            {
                return writer.durableSequence();
            }
            catch (final RuntimeException ignore)
            {
                // closed under our feet: the cached value is final
            }
        }
        return durableJournalSequence;
    }

    @Override
    public StageMetrics metrics(final long base, final long cursor)
    {
        final long current = sequence.get();
        return new StageMetrics(
            NAME, base + current, counters.processed(), cursor - current, errorCount, counters.batches(),
            counters.maxBatch(), 0, false);
    }

    /**
     * Ask for the segments that hold only records below a sequence to be deleted; the journal stage does it on its
     * own thread, which is the writer's, at its next duty cycle. Any thread.
     */
    void retainFrom(final long sequence)
    {
        retainFrom.accumulateAndGet(sequence, Math::max);
        doorbell.signal();
    }

    private void deleteSegmentsBefore(final long sequence)
    {
        retainedFrom = sequence;
        try
        {
            writer.deleteSegmentsBefore(sequence);
        }
        catch (final RuntimeException ex)
        {
            errors.report(NAME, -1, ex);
        }
    }

    private int flushIfPending()
    {
        if (durable.get() < sequence.get())
        {
            try
            {
                writer.endOfBatch();
            }
            catch (final Throwable throwable)
            {
                fail(durable.get() + 1 + ring.base, throwable);
                return 0;
            }
            if (updateDurable())
            {
                doorbell.signal();
                return 1;
            }
        }
        return 0;
    }

    private boolean updateDurable()
    {
        final long journalDurable = writer.durableSequence();
        durableJournalSequence = journalDurable;
        final long ringDurable = Math.min(journalDurable - ring.base, sequence.get());
        if (ringDurable > durable.get())
        {
            durable.set(ringDurable);
            return true;
        }
        return false;
    }

    /**
     * The journal cannot write: the engine stops taking facts (publishers are refused with the failure), stages go
     * on with what is durable, and nothing is retried, since a journal that lost a write cannot promise the order of
     * what would follow.
     */
    private void fail(final long journalSequence, final Throwable throwable)
    {
        final JournalException failure = throwable instanceof JournalException ? (JournalException)throwable :
            new JournalException("journal " + writer.directory() + " failed: " + throwable, throwable);
        errorCount++;
        // Reported before it becomes visible, so whoever sees JOURNAL_FAILED finds the failure already reported.
        errors.report(NAME, journalSequence, failure);
        state.journalFailed(failure);
        doorbell.signal();
    }
}
