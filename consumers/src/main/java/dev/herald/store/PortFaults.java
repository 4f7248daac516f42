package dev.herald.store;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The fault switches and call counters of an in-memory port: make it slow, failing for the next n calls, or down,
 * and count the calls it received, so tests and demos can show how the store behaves when the outside world does.
 *
 * <p>Threading: switches may be flipped and counters read from any thread while a stage calls the port.
 */
public final class PortFaults
{
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile long delayNs;
    private volatile boolean down;

    /**
     * Make every call take at least this long, as a remote call would; the stage's thread parks meanwhile.
     *
     * @param delayNs per call; 0 for none.
     * @return this for a fluent API.
     */
    public PortFaults slow(final long delayNs)
    {
        if (delayNs < 0)
        {
            throw new IllegalArgumentException("invalid delayNs=" + delayNs + ", must not be negative");
        }
        this.delayNs = delayNs;
        return this;
    }

    /**
     * @param down true: every call fails until set false.
     * @return this for a fluent API.
     */
    public PortFaults down(final boolean down)
    {
        this.down = down;
        return this;
    }

    /**
     * @param calls the next this many calls fail, then the port works again.
     * @return this for a fluent API.
     */
    public PortFaults failNext(final int calls)
    {
        if (calls < 0)
        {
            throw new IllegalArgumentException("invalid calls=" + calls + ", must not be negative");
        }
        failNext.set(calls);
        return this;
    }

    /** @return true while the port is down. */
    public boolean isDown()
    {
        return down;
    }

    /** @return calls received, failed ones included. */
    public long calls()
    {
        return calls.get();
    }

    /** @return calls that failed because of a fault switch. */
    public long failures()
    {
        return failures.get();
    }

    /**
     * Account for one call: count it, wait out the delay, and say whether a fault makes it fail.
     *
     * @return true when the call may succeed.
     */
    boolean enter()
    {
        calls.incrementAndGet();
        final long delay = delayNs;
        if (delay > 0)
        {
            final long deadline = System.nanoTime() + delay;
            long left = delay;
            while (left > 0)
            {
                LockSupport.parkNanos(left);
                left = deadline - System.nanoTime();
            }
        }
        if (down)
        {
            failures.incrementAndGet();
            return false;
        }
        while (true)
        {
            final int n = failNext.get();
            if (n <= 0)
            {
                return true;
            }
            if (failNext.compareAndSet(n, n - 1))
            {
                failures.incrementAndGet();
                return false;
            }
        }
    }
}
