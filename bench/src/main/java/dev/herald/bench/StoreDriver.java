package dev.herald.bench;

import dev.herald.engine.MessageHandler;
import dev.herald.store.InMemoryPaymentGateway;
import dev.herald.store.OrderGenerator;
import dev.herald.store.OrderRequest;
import dev.herald.store.Reaction;
import dev.herald.store.Store;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Carries orders through the store's reactions (with in-memory ports) in one of three ways: Herald's engine,
 * inline on one thread, or a queue plus thread per reaction. Each wraps the reactions in
 * {@link CountingHandler}s so it can wait until every cascade of derived facts has died down.
 *
 * <p>Threading: {@link #place} and {@link #awaitQuiet} are called by one thread.
 */
public abstract class StoreDriver implements AutoCloseable
{
    /** Generator settings: the defaults (declines, duplicates, scarce SKUs) with stock that lasts a long run. */
    static final OrderGenerator.Config GENERATOR = new OrderGenerator.Config().plentifulStock(1L << 40);
    /** Orders the reactions pre-size their state for, by default. */
    public static final int EXPECTED_ORDERS = 1 << 20;
    private static final long QUIET_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    final Store store;
    final CountingHandler[] handlers;
    long published;

    StoreDriver(final OrderGenerator generator, final int expectedOrders)
    {
        this(generator, new Store.Context()
            .paymentGateway(generator.declineInto(new InMemoryPaymentGateway()))
            .expectedOrders(expectedOrders));
    }

    /** @param context the store's settings; the generator's stock is added to it. */
    StoreDriver(final OrderGenerator generator, final Store.Context context)
    {
        generator.stockInto(context);
        store = new Store(context);
        final List<Reaction> reactions = store.reactions();
        handlers = new CountingHandler[reactions.size()];
        for (int i = 0; i < handlers.length; i++)
        {
            handlers[i] = new CountingHandler(reactions.get(i));
        }
    }

    /** @return stage names in order. */
    String[] stageNames()
    {
        final List<Reaction> reactions = store.reactions();
        final String[] names = new String[reactions.size()];
        for (int i = 0; i < names.length; i++)
        {
            names[i] = reactions.get(i).stageName();
        }
        return names;
    }

    /** @return the wrapped handlers. */
    MessageHandler[] handlers()
    {
        return handlers;
    }

    /**
     * Publish one OrderPlaced.
     *
     * @param order to place.
     */
    public abstract void place(OrderRequest order);

    /** Wait until every order placed so far, and every fact it caused, is handled by every reaction. */
    public void awaitQuiet()
    {
        final long deadline = System.nanoTime() + QUIET_TIMEOUT_NS;
        int spins = 0;
        while (!CountingHandler.quiet(handlers, published))
        {
            if (++spins < 100)
            {
                Thread.onSpinWait();
            }
            else
            {
                LockSupport.parkNanos(20_000);
                if (System.nanoTime() - deadline > 0)
                {
                    final StringBuilder sb = new StringBuilder("store did not go quiet: published=").append(published);
                    for (int i = 0; i < handlers.length; i++)
                    {
                        sb.append(' ').append(stageNames()[i]).append(" handled=").append(handlers[i].handled())
                            .append(" emitted=").append(handlers[i].emitted());
                    }
                    throw new IllegalStateException(sb.toString());
                }
            }
        }
    }

    /** @return the store, for digests. */
    public Store store()
    {
        return store;
    }

    @Override
    public abstract void close();
}
