package dev.herald.engine;

import com.lmax.disruptor.Sequence;
import dev.herald.journal.RecordView;

/**
 * A consumer stage: hands each message its gate allows to the handler, in ring order, at most a bounded batch per
 * duty cycle; drains its emitter's overflow between batches; gives the handler idle ticks. A stage added to a
 * running engine first catches up from the journal ({@link CatchUp}) and only then consumes the ring.
 *
 * <p>Threading: the {@code Agent} methods on the stage's thread; metrics and the quiet check from any thread.
 */
final class StageAgent implements Participant
{
    /** Sequence value of a late stage that has not joined the tail yet. */
    private static final long JOINING = Long.MIN_VALUE;

    private final String name;
    private final Ring ring;
    private final Gate gate;
    private final Tail tail;
    private final Doorbell doorbell;
    private final EngineState state;
    private final long idleTickNs;
    private final int batchLimit;
    private final Sequence sequence = new Sequence(-1);
    private final RecordView view = new RecordView();
    private final StageEmitter emitter;
    private final HandlerInvoker invoker;

    private final BatchCounters counters = new BatchCounters();
    private volatile boolean inIdle;
    private volatile boolean catchingUp;
    private CatchUp catchUp;
    private SnapshotTaker snapshots;
    private long liveFrom = Long.MIN_VALUE;
    private long lastActiveNs;
    private boolean worked;
    /** The last batch handed the handler a fact. */
    private boolean handed;

    StageAgent(
        final Stage stage,
        final Ring ring,
        final Gate gate,
        final Tail tail,
        final Doorbell doorbell,
        final Errors errors,
        final EngineState state,
        final long idleTickNs,
        final int batchLimit)
    {
        this.name = stage.name();
        this.ring = ring;
        this.gate = gate;
        this.tail = tail;
        this.doorbell = doorbell;
        this.state = state;
        this.idleTickNs = idleTickNs;
        this.batchLimit = batchLimit;
        this.emitter = new StageEmitter(ring, name, state);
        this.invoker = new HandlerInvoker(name, stage.handler(), stage.retries(), errors, emitter);
    }

    HandlerInvoker invoker()
    {
        return invoker;
    }

    MessageHandler handler()
    {
        return invoker.handler();
    }

    /** Take snapshots of the handler's state with this taker; call before the stage's thread runs it. */
    void snapshots(final SnapshotTaker snapshots)
    {
        this.snapshots = snapshots;
    }

    /**
     * Make this a late stage that catches up from the journal before it consumes the ring. Call before its thread
     * runs it; it is not a participant of the tail until the catch-up joins it.
     */
    void catchUp(final CatchUp catchUp)
    {
        this.catchUp = catchUp;
        this.sequence.set(JOINING);
        this.catchingUp = true;
    }

    @Override
    public String roleName()
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
        lastActiveNs = System.nanoTime();
        invoker.onStart();
        if (!catchingUp)
        {
            invoker.onResume(emitter);
        }
    }

    @Override
    public int doWork()
    {
        if (catchingUp)
        {
            final int work = catchUp.doWork();
            if (catchUp.done())
            {
                liveFrom = catchUp.liveFrom();
                catchingUp = false;
                invoker.onResume(emitter);
            }
            return Math.max(1, work);
        }

        final int drained = emitter.drain();
        handed = false;
        final int work = drained + consume();
        // Facts of types the handler does not take are progress for the duty cycle, not work for the handler.
        if (drained > 0 || handed)
        {
            worked = true;
        }
        else
        {
            idleTick();
        }
        return work;
    }

    @Override
    public void onClose()
    {
        if (snapshots != null)
        {
            snapshots.onClose();
        }
        invoker.onShutdown();
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
    public boolean isQuiet()
    {
        return !catchingUp && !inIdle && emitter.overflowCount() == 0;
    }

    @Override
    public StageMetrics metrics(final long base, final long cursor)
    {
        final long current = sequence.get();
        final CatchUp catchUp = this.catchUp;
        // A late stage that has not joined the ring yet reports how far its replay has come.
        final long journalSequence = current == JOINING && catchUp != null ? catchUp.replayedUpTo() : base + current;
        return new StageMetrics(name, journalSequence, counters.processed(), base + cursor - journalSequence,
            invoker.errorCount(), counters.batches(), counters.maxBatch(), emitter.overflowCount(), catchingUp);
    }

    private int consume()
    {
        final long current = sequence.get();
        final long available = Math.min(gate.available(current + 1), current + batchLimit);
        if (available <= current)
        {
            return 0;
        }
        long journalSequence = -1;
        for (long s = current + 1; s <= available; s++)
        {
            final RecordView message = view.wrap(ring.slot(s).buffer, 0);
            journalSequence = message.sequence();
            if (journalSequence >= liveFrom)
            {
                emitter.bind(message.correlationId(), journalSequence);
                invoker.onMessage(message, emitter);
            }
        }
        handed = invoker.onEndOfBatch();
        if (snapshots != null)
        {
            snapshots.afterBatch(journalSequence, available - current);
        }

        final long batch = available - current;
        sequence.set(available);
        counters.onBatch(batch);
        tail.advance();
        doorbell.signal();
        return (int)batch;
    }

    /** The handler's idle tick, once its stage has had nothing to do for {@code idleTickNs}. */
    private void idleTick()
    {
        final long now = System.nanoTime();
        if (worked)
        {
            worked = false;
            lastActiveNs = now;
        }
        else if (now - lastActiveNs >= idleTickNs)
        {
            lastActiveNs = now;
            inIdle = true;
            try
            {
                // Checked after raising inIdle so that close() either sees this tick or this tick sees the close.
                if (!state.isClosing())
                {
                    emitter.unbind();
                    invoker.onIdle(emitter);
                }
            }
            finally
            {
                inIdle = false;
            }
        }
    }
}
