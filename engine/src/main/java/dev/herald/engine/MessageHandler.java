package dev.herald.engine;

import dev.herald.journal.RecordView;

/**
 * The code of one stage: receives every fact in sequence order, on the stage's thread.
 *
 * <p>Threading: all callbacks of one handler run on one thread (the stage's own, or the thread it shares with
 * other stages), so a handler needs no locks for its own state. The same handler code runs live and in replay;
 * {@link Emitter#isReplay()} tells which, and in replay the emitter does nothing.
 */
public interface MessageHandler
{
    /**
     * One fact. The view is zero-copy over the ring slot (live) or the mapped journal (replay) and is valid only
     * during this call; the slot is never overwritten while the call runs.
     *
     * @param message the fact: header fields and payload.
     * @param emitter announces derived facts caused by this one; a no-op in replay.
     * @throws Exception isolated by the engine: counted, reported and journaled as a failure fact.
     */
    void onMessage(RecordView message, Emitter emitter) throws Exception;

    /**
     * The last message of a batch has been handled: the place for per-batch work (flush, group commit).
     *
     * @throws Exception isolated like a failure in {@link #onMessage(RecordView, Emitter)}.
     */
    default void onEndOfBatch() throws Exception
    {
    }

    /**
     * Called on the stage's thread when it has waited a while with nothing to handle (the idle tick, at most
     * every {@code Engine.Context.idleTickNs}), and never in replay: the place for timed work such as retries
     * with backoff that must not block the stage.
     *
     * @param emitter announces facts; give correlation and causation explicitly.
     * @throws Exception isolated like a failure in {@link #onMessage(RecordView, Emitter)}.
     */
    default void onIdle(final Emitter emitter) throws Exception
    {
    }

    /** Called once on the stage's thread before its first message. */
    default void onStart()
    {
    }

    /** Called once on the stage's thread after its last message, when the engine closes. */
    default void onShutdown()
    {
    }
}
