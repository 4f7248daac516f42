package dev.herald.engine;

import com.lmax.disruptor.Sequence;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;
import dev.herald.journal.RecordDescriptor;
import dev.herald.journal.RecordView;

import java.nio.file.Path;

/**
 * A consumer stage: hands each message its gate allows to the handler, in ring order, in batches; isolates
 * failures; drains its emitter's overflow between batches; gives the handler idle ticks.
 *
 * <p>A stage added to a running engine first catches up from the journal in replay mode, on its own thread, and
 * joins the ring only when close to its head (see {@link #catchUp()}).
 */
final class StageAgent implements Agent
{
    private final String name;
    private final MessageHandler handler;
    private final int retries;
    private final Ring ring;
    private final Gate gate;
    private final Tail tail;
    private final Doorbell doorbell;
    private final Errors errors;
    private final Engine.Lifecycle lifecycle;
    private final long idleTickNs;
    /** Sequence value of a late stage that has not joined the tail yet. */
    private static final long JOINING = Long.MIN_VALUE;
    /** Passes over the journal a late stage makes before it joins the ring whatever the distance left. */
    private static final int MAX_CHASE_PASSES = 8;

    private final Sequence sequence = new Sequence(-1);
    private final RecordView view = new RecordView();
    private final StageEmitter emitter;

    private volatile long processed;
    private volatile long batches;
    private volatile long maxBatch;
    private volatile long errorCount;
    private volatile boolean inIdle;
    private volatile boolean catchingUp;
    private Path journalDirectory;
    private JournalAgent journal;
    private boolean durableGating;
    private long catchUpFrom;
    private volatile long replayedUpTo;
    private long liveFrom = Long.MIN_VALUE;
    private long lastActiveNs = System.nanoTime();
    private boolean worked;
    private boolean batchHadFact;

    StageAgent(
        final Stage stage,
        final Ring ring,
        final Gate gate,
        final Tail tail,
        final Doorbell doorbell,
        final Errors errors,
        final Engine.Lifecycle lifecycle,
        final long idleTickNs)
    {
        this.name = stage.name();
        this.handler = stage.handler();
        this.retries = stage.retries();
        this.ring = ring;
        this.gate = gate;
        this.tail = tail;
        this.doorbell = doorbell;
        this.errors = errors;
        this.lifecycle = lifecycle;
        this.idleTickNs = idleTickNs;
        this.emitter = new StageEmitter(ring, name);
    }

    /**
     * Make this a late stage that catches up from the journal before it joins the ring, and handles nothing below
     * {@code fromSequence}. Call before the stage's thread starts; the stage is not yet a participant of the
     * tail, its first duty cycle joins it.
     */
    void catchUp(
        final Path journalDirectory,
        final long fromSequence,
        final JournalAgent journal,
        final boolean durableGating)
    {
        this.journalDirectory = journalDirectory;
        this.journal = journal;
        this.durableGating = durableGating;
        this.catchUpFrom = fromSequence;
        this.replayedUpTo = fromSequence - 1;
        this.liveFrom = fromSequence;
        this.sequence.set(JOINING);
        this.catchingUp = true;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public Sequence sequence()
    {
        return sequence;
    }

    @Override
    public void onStart()
    {
        handler.onStart();
    }

    @Override
    public int doWork()
    {
        if (catchingUp)
        {
            catchUp();
            worked = true;
            return 1;
        }

        int work = emitter.drain();

        final long current = sequence.get();
        final long available = gate.available(current + 1);
        if (available > current)
        {
            batchHadFact = false;
            for (long s = current + 1; s <= available; s++)
            {
                deliver(s);
            }
            endOfBatch(ring.base + available);

            final long batch = available - current;
            sequence.set(available);
            processed += batch;
            batches++;
            if (batch > maxBatch)
            {
                maxBatch = batch;
            }
            tail.advance();
            doorbell.signal();
            work += (int)batch;
        }

        if (work > 0)
        {
            worked = true;
        }
        return work;
    }

    @Override
    public void onCycleEnd(final long nowNs)
    {
        if (worked)
        {
            worked = false;
            lastActiveNs = nowNs;
        }
        else if (nowNs - lastActiveNs >= idleTickNs)
        {
            lastActiveNs = nowNs;
            inIdle = true;
            try
            {
                // Checked after raising inIdle so that close() either sees this tick or this tick sees close().
                if (!lifecycle.closing)
                {
                    emitter.unbind();
                    handler.onIdle(emitter);
                }
            }
            catch (final Throwable throwable)
            {
                failed(-1, 0, throwable, true);
            }
            finally
            {
                inIdle = false;
            }
        }
    }

    @Override
    public boolean hasWork()
    {
        if (catchingUp)
        {
            return true;
        }
        final long current = sequence.get();
        return gate.available(current + 1) > current || (emitter.overflowCount() > 0 && ring.hasCapacity());
    }

    @Override
    public long parkCapNs()
    {
        return idleTickNs;
    }

    @Override
    public void onShutdown()
    {
        handler.onShutdown();
    }

    @Override
    public boolean isQuiet()
    {
        return !catchingUp && !inIdle && emitter.overflowCount() == 0;
    }

    @Override
    public StageMetrics metrics(final long base, final long cursor)
    {
        final long current = sequence.get();
        // A late stage that has not joined the ring yet reports how far its replay has come.
        final long journalSequence = current == JOINING ? replayedUpTo : base + current;
        return new StageMetrics(name, journalSequence, processed, base + cursor - journalSequence, errorCount,
            batches, maxBatch, emitter.overflowCount(), catchingUp);
    }

    private void deliver(final long ringSequence)
    {
        final RecordView view = this.view.wrap(ring.slot(ringSequence).buffer, 0);
        final long journalSequence = view.sequence();
        if (journalSequence < liveFrom)
        {
            return;
        }

        final long correlationId = view.correlationId();
        // Failure facts are never caused by failure facts: a handler that throws on everything must not loop.
        final boolean recordFailure = view.messageType() != RecordDescriptor.TYPE_HANDLER_FAILED;
        batchHadFact |= recordFailure;
        emitter.bind(correlationId, journalSequence);
        for (int attempt = 0; true; attempt++)
        {
            try
            {
                handler.onMessage(view, emitter);
                return;
            }
            catch (final Throwable throwable)
            {
                if (attempt >= retries)
                {
                    failed(journalSequence, correlationId, throwable, recordFailure);
                    return;
                }
            }
        }
    }

    private void endOfBatch(final long lastJournalSequence)
    {
        try
        {
            handler.onEndOfBatch();
        }
        catch (final Throwable throwable)
        {
            failed(lastJournalSequence, view.correlationId(), throwable, batchHadFact);
        }
    }

    private void failed(
        final long journalSequence, final long correlationId, final Throwable throwable, final boolean recordFact)
    {
        errorCount++;
        errors.report(name, journalSequence, throwable);
        if (!recordFact)
        {
            return;
        }
        try
        {
            emitter.emitFailure(
                correlationId, journalSequence < 0 ? RecordDescriptor.NO_CAUSATION : journalSequence, throwable);
        }
        catch (final Throwable emitFailure)
        {
            errors.report(name, journalSequence, emitFailure);
        }
    }

    /**
     * Catch up in two phases. First chase the journal's head without holding anyone back, replaying what the
     * journal holds (what is durable under durable gating), pass after pass, until the rest would fit in a
     * fraction of the ring. Then join the tail at its sequence T: from now on no slot after T can be overwritten.
     * Every record up to T is in the journal (the tail never passes the journal stage), so replay what lies
     * between the last replayed record and T, and consume the ring live from T + 1, skipping what was already
     * replayed. Replay covers exactly up to max(T, replayed) and live starts right after: no gap, no duplicate.
     */
    private void catchUp()
    {
        final JournalReader reader;
        try
        {
            reader = Journal.openReader(journalDirectory);
        }
        catch (final Throwable throwable)
        {
            errorCount++;
            errors.report(name, catchUpFrom, throwable);
            joinTail();
            liveFrom = catchUpFrom;
            catchingUp = false;
            return;
        }

        try (reader)
        {
            final ReplayDriver driver = new ReplayDriver(
                new MessageHandler[]{ handler }, new String[]{ name }, errors);
            final long closeEnough = Math.max(1, ring.ringBuffer.getBufferSize() / 4);
            for (int pass = 0; pass < MAX_CHASE_PASSES && !lifecycle.closing; pass++)
            {
                final long head = ring.base + (durableGating ? journal.durable.get() : journal.sequence().get());
                if (head - replayedUpTo <= closeEnough)
                {
                    break;
                }
                replay(reader, driver, head);
            }

            final long joinedAt = joinTail();
            replay(reader, driver, joinedAt);
            driver.finish();
            errorCount += driver.failures();
        }
        catch (final Throwable throwable)
        {
            errorCount++;
            errors.report(name, replayedUpTo + 1, throwable);
        }
        finally
        {
            // After a failure (reported above) the stage still joins, so it goes on live rather than stall.
            joinTail();
            liveFrom = Math.max(catchUpFrom, replayedUpTo + 1);
            catchingUp = false;
        }
    }

    /** @return the journal sequence of the tail this stage joined at. */
    private long joinTail()
    {
        if (sequence.get() == JOINING)
        {
            tail.add(sequence);
        }
        return ring.base + sequence.get();
    }

    private void replay(final JournalReader reader, final ReplayDriver driver, final long toSequence)
    {
        final long from = replayedUpTo + 1;
        if (toSequence < from)
        {
            return;
        }
        final long before = driver.delivered();
        reader.replay(from, toSequence, driver);
        final long replayed = driver.delivered() - before;
        replayedUpTo = toSequence;
        if (replayed != toSequence - from + 1)
        {
            throw new IllegalStateException("catch-up of stage=" + name + " replayed " + replayed +
                " records from sequence=" + from + ", expected " + (toSequence - from + 1) + " up to sequence=" +
                toSequence + "; were older segments deleted?");
        }
    }

}
