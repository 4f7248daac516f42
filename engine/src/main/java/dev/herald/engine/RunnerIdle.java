package dev.herald.engine;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * How a stage thread waits when none of its stages has work, chosen by name in
 * {@link Engine.Context#waitStrategy(String)}.
 */
abstract class RunnerIdle
{
    static final String BLOCKING = "blocking";
    static final String SLEEPING = "sleeping";
    static final String YIELDING = "yielding";
    static final String BUSY_SPIN = "busy-spin";

    abstract void idle(Runner runner, long parkCapNs);

    abstract void reset();

    static boolean isKnown(final String name)
    {
        return BLOCKING.equals(name) || SLEEPING.equals(name) || YIELDING.equals(name) || BUSY_SPIN.equals(name);
    }

    static RunnerIdle forName(final String name, final Doorbell doorbell)
    {
        switch (name)
        {
            case BLOCKING:
                return new Blocking(doorbell);
            case SLEEPING:
                // Like the Disruptor's SleepingWaitStrategy: spin, yield, then short parks; ~no CPU when idle.
                return new Polling(new BackoffIdleStrategy(100, 100, 1_000, 100_000));
            case YIELDING:
                return new Polling(new YieldingIdleStrategy());
            case BUSY_SPIN:
                return new Polling(new BusySpinIdleStrategy());
            default:
                throw new IllegalArgumentException("invalid waitStrategy=" + name);
        }
    }

    /**
     * Spin a little, then park until signalled (or the park cap passes). No yielding in between: on a machine with
     * fewer cores than runnable threads a yielding thread goes to the back of the run queue and may not run again
     * for milliseconds, where a parked thread that is unparked gets the scheduler's wake-up credit. Measured with
     * the latency harness on 2 cores: p50 at 10k/s fell from milliseconds to tens of microseconds without yields.
     */
    static final class Blocking extends RunnerIdle
    {
        private static final int SPINS = 100;

        private final Doorbell doorbell;
        private int count;

        Blocking(final Doorbell doorbell)
        {
            this.doorbell = doorbell;
        }

        @Override
        void idle(final Runner runner, final long parkCapNs)
        {
            if (count < SPINS)
            {
                count++;
                Thread.onSpinWait();
            }
            else
            {
                doorbell.sleep(runner, parkCapNs);
            }
        }

        @Override
        void reset()
        {
            count = 0;
        }
    }

    /** An Agrona idle strategy; it finds new work by polling, so needs no signal. */
    static final class Polling extends RunnerIdle
    {
        private final IdleStrategy strategy;

        Polling(final IdleStrategy strategy)
        {
            this.strategy = strategy;
        }

        @Override
        void idle(final Runner runner, final long parkCapNs)
        {
            strategy.idle();
        }

        @Override
        void reset()
        {
            strategy.reset();
        }
    }
}
