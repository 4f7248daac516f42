package dev.herald.engine;

import dev.herald.journal.RecordDescriptor;
import dev.herald.journal.RecordView;

/**
 * Calls one handler with failure isolation, the same way live and in replay: a callback that throws is retried at
 * once up to the stage's retries, then counted, reported to the {@link ErrorListener} and, live, recorded as a
 * {@link RecordDescriptor#TYPE_HANDLER_FAILED} fact; the caller goes on with the next message either way.
 *
 * <p>A failure while handling a failure fact, or at the end of a batch that held only failure facts, is counted
 * and reported but not recorded: a handler that throws on everything must not loop forever.
 *
 * <p>Threading: the thread that runs the handler; {@link #errorCount()} from any thread.
 */
final class HandlerInvoker
{
    private final String name;
    private final MessageHandler handler;
    private final MessageTypes messageTypes;
    private final int retries;
    private final Errors errors;
    private final StageEmitter failureEmitter;
    private volatile long errorCount;
    private boolean replay;
    private boolean batchHadFact;
    private boolean batchHanded;
    private long lastSequence = -1;
    private long lastCorrelationId;

    /**
     * @param name           of the stage, in reports and failure facts.
     * @param handler        to call.
     * @param retries        extra attempts of a message that failed.
     * @param errors         where failures are reported.
     * @param failureEmitter records failures as facts live; null in replay, where they are only reported.
     */
    HandlerInvoker(
        final String name,
        final MessageHandler handler,
        final int retries,
        final Errors errors,
        final StageEmitter failureEmitter)
    {
        this.name = name;
        this.handler = handler;
        this.messageTypes = handler.messageTypes();
        if (messageTypes == null)
        {
            throw new IllegalArgumentException("invalid messageTypes=null for stage=" + name +
                ", must be MessageTypes.ALL for every fact");
        }
        this.retries = retries;
        this.errors = errors;
        this.failureEmitter = failureEmitter;
    }

    String name()
    {
        return name;
    }

    MessageHandler handler()
    {
        return handler;
    }

    long errorCount()
    {
        return errorCount;
    }

    /**
     * @param replay true while the handler is driven over the journal (a catch-up): failures are then reported and
     *               counted but never recorded as facts, since replay must not add to the journal.
     */
    void replay(final boolean replay)
    {
        this.replay = replay;
    }

    void onStart()
    {
        try
        {
            handler.onStart();
        }
        catch (final Throwable throwable)
        {
            failed(-1, 0, throwable, false);
        }
    }

    void onResume(final Emitter emitter)
    {
        try
        {
            handler.onResume(emitter);
        }
        catch (final Throwable throwable)
        {
            failed(-1, 0, throwable, true);
        }
    }

    /** Hand one fact to the handler, unless its type is not one of the handler's {@link MessageTypes}. */
    void onMessage(final RecordView message, final Emitter emitter)
    {
        final int messageType = message.messageType();
        if (!messageTypes.contains(messageType))
        {
            return;
        }
        final long sequence = message.sequence();
        final long correlationId = message.correlationId();
        // Failure facts are never caused by failure facts.
        final boolean recordFailure = messageType != RecordDescriptor.TYPE_HANDLER_FAILED;
        batchHadFact |= recordFailure;
        batchHanded = true;
        lastSequence = sequence;
        lastCorrelationId = correlationId;
        for (int attempt = 0; true; attempt++)
        {
            try
            {
                handler.onMessage(message, emitter);
                return;
            }
            catch (final Throwable throwable)
            {
                if (attempt >= retries)
                {
                    failed(sequence, correlationId, throwable, recordFailure);
                    return;
                }
            }
        }
    }

    /**
     * End a batch: the handler's {@link MessageHandler#onEndOfBatch()}, when the batch handed it a fact.
     *
     * @return true when the batch handed the handler a fact.
     */
    boolean onEndOfBatch()
    {
        if (!batchHanded)
        {
            return false;
        }
        try
        {
            handler.onEndOfBatch();
        }
        catch (final Throwable throwable)
        {
            failed(lastSequence, lastCorrelationId, throwable, batchHadFact);
        }
        batchHadFact = false;
        batchHanded = false;
        return true;
    }

    void onIdle(final Emitter emitter)
    {
        try
        {
            handler.onIdle(emitter);
        }
        catch (final Throwable throwable)
        {
            failed(-1, 0, throwable, true);
        }
    }

    void onShutdown()
    {
        try
        {
            handler.onShutdown();
        }
        catch (final Throwable throwable)
        {
            failed(-1, 0, throwable, false);
        }
    }

    /** Count and report a failure of this stage that is not the handler's (a catch-up that found a gap). */
    void reportFailure(final long sequence, final Throwable throwable)
    {
        failed(sequence, 0, throwable, false);
    }

    private void failed(
        final long sequence, final long correlationId, final Throwable throwable, final boolean recordFact)
    {
        errorCount = errorCount + 1;
        errors.report(name, sequence, throwable);
        if (!recordFact || failureEmitter == null || replay)
        {
            return;
        }
        try
        {
            failureEmitter.emitFailure(correlationId, sequence < 0 ? RecordDescriptor.NO_CAUSATION : sequence,
                throwable);
        }
        catch (final Throwable emitFailure)
        {
            errors.report(name, sequence, emitFailure);
        }
    }
}
