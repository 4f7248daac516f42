package dev.herald.engine;

import dev.herald.journal.RecordView;

/**
 * The code of one stage: receives every fact of its {@link #messageTypes()} (by default every fact) in sequence
 * order, on the stage's thread.
 *
 * <p>Threading: all callbacks of one handler run on one thread (the stage's own, or the thread it shares with
 * other stages), so a handler needs no locks for its own state. The same handler code runs live and in replay;
 * {@link Emitter#isReplay()} tells which, and in replay the emitter does nothing.
 *
 * <p>A handler's state must change only in {@link #onMessage}, as a function of the facts it is handed, so that
 * replay rebuilds it exactly; side effects (port calls) and emits happen only live. Across a restart the engine
 * replays the journal into the stage and then calls {@link #onResume(Emitter)}: see there for what is re-delivered
 * (nothing), what is owed, and which side effects may repeat.
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
     * The types of the facts this handler is handed; the engine asks once, when it builds the stage (or the
     * replay), and a fact of any other type then passes the handler by, live and in replay alike, as if
     * {@link #onMessage} had returned at once. A stage that is handed nothing for a while gets its idle ticks
     * ({@link #onIdle}) even while facts of other types stream past.
     *
     * @return the types handled; {@link MessageTypes#ALL} (the default) for every fact, failure facts included.
     */
    default MessageTypes messageTypes()
    {
        return MessageTypes.ALL;
    }

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

    /**
     * Called once on the stage's thread before its first live message. A stage rebuilt at launch has already been
     * handed the journal in replay mode, on the launching thread, before its thread started.
     */
    default void onStart()
    {
    }

    /**
     * The stage's live moment after a rebuild: called once, on the stage's thread, when the stage goes live, with a
     * live emitter: right after {@link #onStart()} for a stage declared at launch (rebuilt from the journal when the
     * journal held records, see {@link Engine.Context#rebuild(boolean)}), or when a stage added with
     * {@link Engine#addStage(Stage, long)} has caught up.
     *
     * <p>Here a handler takes up the work its rebuilt state says is owed: what it decided on a journaled fact but
     * had not yet announced when the process stopped (a capture whose outcome is not in the journal, a refund, a
     * receipt), because replay suppressed the side effects and the emits. It must derive this from state alone,
     * since no earlier fact will be delivered live again. A side effect made between a port call and its fact
     * reaching the journal is therefore made a second time after a crash: give every port call an idempotency key
     * (a business key and the kind of effect), so that the second call is recognised and has no second effect.
     *
     * @param emitter a live emitter; give correlation and causation explicitly.
     * @throws Exception isolated like a failure in {@link #onMessage(RecordView, Emitter)}.
     */
    default void onResume(final Emitter emitter) throws Exception
    {
    }

    /** Called once on the stage's thread after its last message, when the engine closes. */
    default void onShutdown()
    {
    }
}
