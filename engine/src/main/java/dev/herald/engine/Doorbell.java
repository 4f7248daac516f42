package dev.herald.engine;

import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes parked engine threads when there may be work for them, for the wait strategies that park until woken
 * ({@link WaitStrategy#ADAPTIVE}, {@link WaitStrategy#BLOCKING}).
 *
 * <p>Whoever moves a sequence (a publisher, the journal stage, a consumer stage) calls {@link #signal()}; it
 * costs a fence and one volatile read while nobody sleeps. A thread about to park counts itself as a sleeper,
 * raises its flag, fences and checks for work once more; the signaller writes its sequence, fences and reads the
 * flag. Either the thread sees the work or the signaller sees the flag, and no wake-up is lost. The fences matter:
 * Disruptor sequences are published with release stores, which a later load may overtake (a store-load reorder,
 * real on x86; without the fences we measured lost wake-ups). Parks are also bounded in time, a safety net only.
 *
 * <p>Threading: {@link #signal()} and {@link #wakeAll()} from any thread; {@link #sleep} on the sleeping thread.
 */
final class Doorbell
{
    private final AtomicInteger sleepers = new AtomicInteger();
    private final boolean enabled;
    private volatile ParkingIdleStrategy[] strategies = new ParkingIdleStrategy[0];

    /**
     * @param enabled false when no thread ever parks on it (polling strategies, the invoker): signals cost nothing.
     */
    Doorbell(final boolean enabled)
    {
        this.enabled = enabled;
    }

    synchronized void register(final ParkingIdleStrategy strategy)
    {
        final ParkingIdleStrategy[] current = strategies;
        final ParkingIdleStrategy[] updated = Arrays.copyOf(current, current.length + 1);
        updated[current.length] = strategy;
        strategies = updated;
    }

    void signal()
    {
        if (!enabled)
        {
            return;
        }
        // Sequences are published with release stores; a store-load fence keeps the sleeper check after them.
        VarHandle.fullFence();
        if (sleepers.get() > 0)
        {
            for (final ParkingIdleStrategy strategy : strategies)
            {
                // One unpark per sleep: a publisher signals on every fact, and each unpark is a system call.
                if (strategy.sleeping && strategy.claimWake())
                {
                    LockSupport.unpark(strategy.thread);
                }
            }
        }
    }

    /** Unpark every thread that has ever parked here, for a close. */
    void wakeAll()
    {
        for (final ParkingIdleStrategy strategy : strategies)
        {
            final Thread thread = strategy.thread;
            if (thread != null)
            {
                LockSupport.unpark(thread);
            }
        }
    }

    void sleep(final ParkingIdleStrategy strategy, final long parkNs, final ParkingIdleStrategy.Work work)
    {
        sleepers.incrementAndGet();
        strategy.sleeping = true;
        VarHandle.fullFence();
        try
        {
            if (!work.hasWork())
            {
                LockSupport.parkNanos(parkNs);
            }
        }
        finally
        {
            strategy.sleeping = false;
            sleepers.decrementAndGet();
        }
    }
}
