package dev.herald.bench;

import dev.herald.engine.Emitter;
import dev.herald.engine.MessageHandler;
import dev.herald.engine.PayloadEncoder;
import dev.herald.journal.RecordView;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Wraps a reaction to count, without allocating, the facts it handled and the facts it emitted, so a benchmark
 * can tell when a cascade of derived facts has died down: every handler has handled exactly the published facts
 * plus every emitted one. A handler counts a message only after it returns, and its emits are counted before
 * that, so when every handled count equals published plus emitted (read after them), nothing is in flight.
 *
 * <p>Threading: the handler's callbacks run on its stage thread; the counts are read from any thread.
 */
public final class CountingHandler implements MessageHandler
{
    private static final VarHandle HANDLED;
    private static final VarHandle EMITTED;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            HANDLED = lookup.findVarHandle(CountingHandler.class, "handled", long.class);
            EMITTED = lookup.findVarHandle(CountingEmitter.class, "emitted", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    private final MessageHandler delegate;
    private final CountingEmitter countingEmitter = new CountingEmitter();
    private volatile long handled;
    @SuppressWarnings("unused")
    private long p11, p12, p13, p14, p15, p16, p17;

    /** @param delegate the reaction. */
    public CountingHandler(final MessageHandler delegate)
    {
        this.delegate = delegate;
    }

    /** @return facts handled. */
    public long handled()
    {
        return handled;
    }

    /** @return facts emitted. */
    public long emitted()
    {
        return countingEmitter.emitted;
    }

    @Override
    public void onMessage(final RecordView message, final Emitter emitter) throws Exception
    {
        delegate.onMessage(message, countingEmitter.wrap(emitter));
        HANDLED.setRelease(this, handled + 1);
    }

    @Override
    public void onEndOfBatch() throws Exception
    {
        delegate.onEndOfBatch();
    }

    @Override
    public void onIdle(final Emitter emitter) throws Exception
    {
        delegate.onIdle(countingEmitter.wrap(emitter));
    }

    @Override
    public void onStart()
    {
        delegate.onStart();
    }

    @Override
    public void onShutdown()
    {
        delegate.onShutdown();
    }

    /**
     * Whether a cascade has died down.
     *
     * @param handlers  every stage's wrapper.
     * @param published original facts published.
     * @return true when every handler handled all published and emitted facts.
     */
    public static boolean quiet(final CountingHandler[] handlers, final long published)
    {
        long minHandled = Long.MAX_VALUE;
        long maxHandled = 0;
        for (final CountingHandler handler : handlers)
        {
            final long h = handler.handled;
            minHandled = Math.min(minHandled, h);
            maxHandled = Math.max(maxHandled, h);
        }
        long emitted = 0;
        for (final CountingHandler handler : handlers)
        {
            emitted += (long)EMITTED.getVolatile(handler.countingEmitter);
        }
        return minHandled == maxHandled && minHandled == published + emitted;
    }

    static final class CountingEmitter implements Emitter
    {
        private Emitter delegate;
        volatile long emitted;

        Emitter wrap(final Emitter emitter)
        {
            delegate = emitter;
            return this;
        }

        @Override
        public boolean isReplay()
        {
            return delegate.isReplay();
        }

        @Override
        public <T> void emit(
            final int messageType, final short schemaVersion, final PayloadEncoder<T> encoder, final T source)
        {
            delegate.emit(messageType, schemaVersion, encoder, source);
            count();
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
            delegate.emit(messageType, schemaVersion, correlationId, causationId, encoder, source);
            count();
        }

        private void count()
        {
            if (!delegate.isReplay())
            {
                EMITTED.setRelease(this, emitted + 1);
            }
        }
    }
}
