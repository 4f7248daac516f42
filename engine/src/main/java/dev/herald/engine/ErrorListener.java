package dev.herald.engine;

/**
 * Told about every failure the engine isolates: a handler that threw, a journal append that failed, a catch-up
 * that found fewer records than expected. A listener that throws is swallowed and counted
 * ({@link EngineMetrics#listenerErrors()}).
 *
 * <p>Threading: called on the thread of the stage that failed, so it may be called by several threads at once.
 */
@FunctionalInterface
public interface ErrorListener
{
    /**
     * A failure was isolated.
     *
     * @param stageName of the stage that failed ({@code journal} for the journal stage).
     * @param sequence  journal sequence of the message being handled, or -1 when none (an idle tick).
     * @param throwable what was thrown.
     */
    void onError(String stageName, long sequence, Throwable throwable);
}
