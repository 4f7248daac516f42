package dev.herald.engine;

/**
 * Thrown by {@link Engine#close(long, java.util.concurrent.TimeUnit)} when the engine could not drain and stop
 * in time, or when its journal had failed (then the failure is the cause, and the message says which published facts
 * were not journaled). {@link #leftOver()} tells exactly what was left: per stage, the lag and the overflow it still
 * held. The engine is closed to publishers either way.
 */
public final class EngineCloseException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient EngineMetrics leftOver;

    EngineCloseException(final String message, final EngineMetrics leftOver, final Throwable cause)
    {
        super(message, cause);
        this.leftOver = leftOver;
    }

    /** @return the metrics snapshot taken when the timeout expired. */
    public EngineMetrics leftOver()
    {
        return leftOver;
    }
}
