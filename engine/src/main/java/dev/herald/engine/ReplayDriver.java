package dev.herald.engine;

import dev.herald.journal.RecordHandler;
import dev.herald.journal.RecordView;

/**
 * Drives handlers over journal records in replay mode: the same handler code as live, an inert emitter, batch
 * ends every {@link #BATCH} records and at the end, no idle ticks. A handler that throws is isolated, as live.
 *
 * <p>Threading: the thread that runs the replay.
 */
final class ReplayDriver implements RecordHandler
{
    static final int BATCH = 1024;

    private final MessageHandler[] handlers;
    private final String[] names;
    private final Errors errors;
    private long delivered;
    private long failures;
    private long lastSequence = -1;
    private int inBatch;

    ReplayDriver(final MessageHandler[] handlers, final String[] names, final Errors errors)
    {
        this.handlers = handlers;
        this.names = names;
        this.errors = errors;
    }

    @Override
    public boolean onRecord(final RecordView record)
    {
        lastSequence = record.sequence();
        for (int i = 0; i < handlers.length; i++)
        {
            try
            {
                handlers[i].onMessage(record, ReplayEmitter.INSTANCE);
            }
            catch (final Throwable throwable)
            {
                failures++;
                errors.report(names[i], lastSequence, throwable);
            }
        }
        delivered++;
        if (++inBatch == BATCH)
        {
            endOfBatch();
        }
        return true;
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

    long failures()
    {
        return failures;
    }

    private void endOfBatch()
    {
        inBatch = 0;
        for (int i = 0; i < handlers.length; i++)
        {
            try
            {
                handlers[i].onEndOfBatch();
            }
            catch (final Throwable throwable)
            {
                failures++;
                errors.report(names[i], lastSequence, throwable);
            }
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
