package dev.herald.engine;

import dev.herald.journal.RecordHandler;
import dev.herald.journal.RecordView;

/**
 * Drives handlers over journal records in replay mode: the same handler code as live, through the same
 * {@link HandlerInvoker}s, an inert emitter, batch ends every {@link #BATCH} records and at the end, no idle
 * ticks. Used by {@link Engine#replay} and by a late stage's {@link CatchUp}.
 *
 * <p>Threading: the thread that runs the replay.
 */
final class ReplayDriver implements RecordHandler
{
    static final int BATCH = 1024;

    private final HandlerInvoker[] invokers;
    private final long[] skipThrough;
    private long delivered;
    private long lastSequence = -1;
    private long stopAfter = Long.MAX_VALUE;
    private int inBatch;

    ReplayDriver(final HandlerInvoker... invokers)
    {
        this(invokers, null);
    }

    /**
     * @param skipThrough per invoker, the last sequence it already holds (loaded from a snapshot): it is handed only
     *                    the records after it; null for none.
     */
    ReplayDriver(final HandlerInvoker[] invokers, final long[] skipThrough)
    {
        this.invokers = invokers;
        this.skipThrough = skipThrough;
    }

    /** @param sequence the last sequence the current read may deliver; the read stops after it. */
    void stopAfter(final long sequence)
    {
        this.stopAfter = sequence;
    }

    @Override
    public boolean onRecord(final RecordView record)
    {
        lastSequence = record.sequence();
        for (int i = 0; i < invokers.length; i++)
        {
            if (skipThrough == null || lastSequence > skipThrough[i])
            {
                invokers[i].onMessage(record, ReplayEmitter.INSTANCE);
            }
        }
        delivered++;
        if (++inBatch == BATCH)
        {
            endOfBatch();
        }
        return lastSequence < stopAfter;
    }

    /** End the last batch; call once the replay has returned. */
    void finish()
    {
        if (inBatch > 0)
        {
            endOfBatch();
        }
    }

    long delivered()
    {
        return delivered;
    }

    /** @return the sequence of the last record delivered, -1 before the first. */
    long lastSequence()
    {
        return lastSequence;
    }

    private void endOfBatch()
    {
        inBatch = 0;
        for (final HandlerInvoker invoker : invokers)
        {
            invoker.onEndOfBatch();
        }
    }

    /** The emitter handed out in replay: facts emitted live are already in the journal, so it does nothing. */
    static final class ReplayEmitter implements Emitter
    {
        static final ReplayEmitter INSTANCE = new ReplayEmitter();

        @Override
        public boolean isReplay()
        {
            return true;
        }

        @Override
        public <T> void emit(
            final int messageType, final short schemaVersion, final PayloadEncoder<T> encoder, final T source)
        {
        }

        @Override
        public <T> void emit(
            final int messageType,
            final short schemaVersion,
            final long correlationId,
            final long causationId,
            final PayloadEncoder<T> encoder,
            final T source)
        {
        }
    }
}
