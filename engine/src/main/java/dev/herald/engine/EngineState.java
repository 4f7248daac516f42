package dev.herald.engine;

/**
 * Where an engine is in its life: running, closing (intake refused, draining) or closed (drained or given up).
 *
 * <p>Threading: read by publishers and stages, moved by the closing thread.
 */
final class EngineState
{
    private static final int RUNNING = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;

    private volatile int state = RUNNING;

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
