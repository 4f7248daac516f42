package dev.herald.engine;

import org.agrona.concurrent.IdleStrategy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The idle strategy of {@link WaitStrategy#ADAPTIVE} and {@link WaitStrategy#BLOCKING}: spin, optionally yield,
 * then park until the {@link Doorbell} rings (or a bounded time passes). Before parking it asks its thread's
 * {@link Work} once more whether there is something to do, after announcing itself as a sleeper, so that either
 * it sees new work or the signaller sees it asleep: no wake-up is lost.
 *
 * <p>Why no yields in {@code blocking}: on a machine with fewer cores than runnable threads a yielding thread goes to
 * the back of the run queue and may not run again for milliseconds, where an unparked thread gets the scheduler's
 * wake-up credit (measured with the latency harness on 2 cores: p50 at 10k/s fell from milliseconds to tens of
 * microseconds without yields). {@code adaptive} yields only a few times, after spinning long enough to cover the
 * gap between facts arriving at a steady rate.
 *
 * <p>Threading: one instance per engine thread; {@link #claimWake()} is called by signalling threads.
 */
final class ParkingIdleStrategy implements IdleStrategy
{
    /** How long {@code adaptive} spins after its thread's last work before it yields, then parks. */
    static final long ADAPTIVE_SPIN_NS = 50_000L;
    /** Yields of {@code adaptive} between spinning and parking. */
    static final int ADAPTIVE_YIELDS = 8;
    /** Spins of {@code blocking} before it parks. */
    static final int BLOCKING_SPINS = 100;
    /** Longest park even when nothing is expected: a safety net under the doorbell. */
    static final long MAX_PARK_NS = 100_000_000L;

    private static final VarHandle SLEEPING;

    static
    {
        try
        {
            SLEEPING = MethodHandles.lookup().findVarHandle(ParkingIdleStrategy.class, "sleeping", boolean.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** What the strategy asks of the thread it runs on before parking. */
    interface Work
    {
        /** @return whether a duty cycle now would find something to do; true also when the thread must stop. */
        boolean hasWork();

        /** @return the longest the thread may park before one of its stages needs a look (an idle tick). */
        long parkCapNs();
    }

    volatile boolean sleeping;
    volatile Thread thread;

    private final String alias;
    private final Doorbell doorbell;
    private final Work work;
    private final long spinNs;
    private final int maxYields;
    private long spins;
    private int yields;
    private long idleSinceNs;

    /**
     * @param alias     of the wait strategy.
     * @param doorbell  that wakes this thread.
     * @param work      of the thread.
     * @param spinNs    how long to spin before yielding; 0 for {@link #BLOCKING_SPINS} spins.
     * @param maxYields yields before parking.
     */
    ParkingIdleStrategy(
        final String alias, final Doorbell doorbell, final Work work, final long spinNs, final int maxYields)
    {
        this.alias = alias;
        this.doorbell = doorbell;
        this.work = work;
        this.spinNs = spinNs;
        this.maxYields = maxYields;
        doorbell.register(this);
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
        }
        else
        {
            idle();
        }
    }

    @Override
    public void idle()
    {
        if (spinning())
        {
            Thread.onSpinWait();
        }
        else if (yields < maxYields)
        {
            yields++;
            Thread.yield();
        }
        else
        {
            if (thread == null)
            {
                thread = Thread.currentThread();
            }
            doorbell.sleep(this, Math.min(MAX_PARK_NS, work.parkCapNs()), work);
        }
    }

    @Override
    public void reset()
    {
        spins = 0;
        yields = 0;
    }

    @Override
    public String alias()
    {
        return alias;
    }

    /**
     * Take the right to wake this sleeping thread, so that of many signallers only one pays for the unpark system
     * call.
     *
     * @return true when the caller must unpark the thread.
     */
    boolean claimWake()
    {
        return SLEEPING.compareAndSet(this, true, false);
    }

    private boolean spinning()
    {
        if (spinNs == 0)
        {
            return spins++ < BLOCKING_SPINS;
        }
        final long now = System.nanoTime();
        if (spins++ == 0)
        {
            idleSinceNs = now;
            return true;
        }
        return now - idleSinceNs < spinNs;
    }
}
