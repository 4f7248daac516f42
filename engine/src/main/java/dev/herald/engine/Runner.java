package dev.herald.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CountDownLatch;

/**
 * A stage thread: round-robins the duty cycles of its agents (one, or several sharing the thread) and idles
 * with the configured strategy when none of them has work.
 */
final class Runner implements Runnable
{
    /** Longest park even when nothing is expected, a safety net under the doorbell. */
    static final long MAX_PARK_NS = 100_000_000L;
    private static final VarHandle SLEEPING;

    static
    {
        try
        {
            SLEEPING = MethodHandles.lookup().findVarHandle(Runner.class, "sleeping", boolean.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    final Thread thread;
    volatile boolean sleeping;
    volatile boolean stop;

    private final Agent[] agents;
    private final RunnerIdle idle;
    private final CountDownLatch started;
    private final Errors errors;

    Runner(
        final String threadName,
        final Agent[] agents,
        final RunnerIdle idle,
        final CountDownLatch started,
        final Errors errors)
    {
        this.agents = agents;
        this.idle = idle;
        this.started = started;
        this.errors = errors;
        this.thread = new Thread(this, threadName);
        this.thread.setDaemon(true);
    }

    /**
     * Take the right to wake this sleeping runner, so that of many signallers only one pays for the unpark system
     * call.
     *
     * @return true when the caller must unpark the thread.
     */
    boolean claimWake()
    {
        return SLEEPING.compareAndSet(this, true, false);
    }

    @Override
    public void run()
    {
        for (final Agent agent : agents)
        {
            try
            {
                agent.onStart();
            }
            catch (final Throwable throwable)
            {
                errors.report(agent.name(), -1, throwable);
            }
        }
        started.countDown();

        try
        {
            while (!stop)
            {
                int work = 0;
                for (final Agent agent : agents)
                {
                    try
                    {
                        work += agent.doWork();
                    }
                    catch (final Throwable throwable)
                    {
                        // Agents isolate handler failures themselves; this is a last line that keeps the thread.
                        errors.report(agent.name(), -1, throwable);
                    }
                }

                final long now = System.nanoTime();
                for (final Agent agent : agents)
                {
                    agent.onCycleEnd(now);
                }

                if (work > 0)
                {
                    idle.reset();
                }
                else
                {
                    idle.idle(this, parkCapNs());
                }
            }
        }
        finally
        {
            for (final Agent agent : agents)
            {
                try
                {
                    agent.onShutdown();
                }
                catch (final Throwable throwable)
                {
                    errors.report(agent.name(), -1, throwable);
                }
            }
        }
    }

    boolean hasWork()
    {
        if (stop)
        {
            return true;
        }
        for (final Agent agent : agents)
        {
            if (agent.hasWork())
            {
                return true;
            }
        }
        return false;
    }

    private long parkCapNs()
    {
        long cap = MAX_PARK_NS;
        for (final Agent agent : agents)
        {
            cap = Math.min(cap, agent.parkCapNs());
        }
        return cap;
    }
}
