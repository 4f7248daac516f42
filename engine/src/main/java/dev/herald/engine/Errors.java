package dev.herald.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands isolated failures to the {@link ErrorListener}, never letting the listener's own failure escape.
 */
final class Errors
{
    final AtomicLong listenerErrors = new AtomicLong();
    private final ErrorListener listener;

    Errors(final ErrorListener listener)
    {
        this.listener = listener;
    }

    void report(final String stageName, final long sequence, final Throwable throwable)
    {
        try
        {
            listener.onError(stageName, sequence, throwable);
        }
        catch (final Throwable ignore)
        {
            listenerErrors.incrementAndGet();
        }
    }
}
