package dev.herald.engine;

import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes parked stage threads when there may be work for them, for the {@code blocking} wait strategy.
 *
 * <p>Whoever moves a sequence (a publisher, the journal stage, a consumer stage) calls {@link #signal()}; it
 * costs a fence and one volatile read while nobody sleeps. A runner about to park counts itself as a sleeper,
 * raises its flag and checks for work once more; both sides write, fence, then read, so either the runner sees
 * the new work or the signaller sees the raised flag, and no wake-up is lost. The fences matter: Disruptor
 * sequences are published with release stores, which a later load may otherwise overtake. Parks are also
 * bounded in time, a safety net only.
 */
final class Doorbell
{
    private final AtomicInteger sleepers = new AtomicInteger();
    private final boolean enabled;
    private volatile Runner[] runners = new Runner[0];

    /**
     * @param enabled false when no runner ever sleeps on it (the polling wait strategies): signals cost nothing.
     */
    Doorbell(final boolean enabled)
    {
        this.enabled = enabled;
    }

    synchronized void register(final Runner runner)
    {
        final Runner[] current = runners;
        final Runner[] updated = Arrays.copyOf(current, current.length + 1);
        updated[current.length] = runner;
        runners = updated;
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
            for (final Runner runner : runners)
            {
                // One unpark per sleep: a publisher signals on every fact, and each unpark is a system call.
                if (runner.sleeping && runner.claimWake())
                {
                    LockSupport.unpark(runner.thread);
                }
            }
        }
    }

    void wakeAll()
    {
        for (final Runner runner : runners)
        {
            LockSupport.unpark(runner.thread);
        }
    }

    void sleep(final Runner runner, final long parkNs)
    {
        sleepers.incrementAndGet();
        runner.sleeping = true;
        VarHandle.fullFence();
        try
        {
            if (!runner.hasWork())
            {
                LockSupport.parkNanos(parkNs);
            }
        }
        finally
        {
            runner.sleeping = false;
            sleepers.decrementAndGet();
        }
    }
}
