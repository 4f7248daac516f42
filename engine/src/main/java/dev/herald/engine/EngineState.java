package dev.herald.engine;

import dev.herald.journal.JournalException;

/**
 * Where an engine is in its life: running, closing (intake refused, draining) or closed (drained or given up); and
 * whether its journal has failed, which refuses every new fact from then on.
 *
 * <p>Threading: read by publishers and stages, moved by the closing thread and the journal stage.
 */
final class EngineState
{
    private static final int RUNNING = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;

    private volatile int state = RUNNING;
    private volatile JournalException journalFailure;

    /** @return why the journal can no longer write, or null while it can. */
    JournalException journalFailure()
    {
        return journalFailure;
    }

    void journalFailed(final JournalException failure)
    {
        journalFailure = failure;
    }

    boolean isRunning()
    {
        return state == RUNNING;
    }

    /** @return true once a close has begun: stages stop idle ticks and late stages stop chasing. */
    boolean isClosing()
    {
        return state != RUNNING;
    }

    boolean isClosed()
    {
        return state == CLOSED;
    }

    /** @return true for the one caller that moved the engine from running to closing. */
    synchronized boolean beginClose()
    {
        if (state != RUNNING)
        {
            return false;
        }
        state = CLOSING;
        return true;
    }

    void closed()
    {
        state = CLOSED;
    }
}
