package dev.herald.engine;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.Locale;

/**
 * How an engine thread waits when none of its stages has work: each value makes an Agrona {@link IdleStrategy} per
 * thread, and has an alias for the command line and the {@value Engine.Context#WAIT_STRATEGY_PROP_NAME} property.
 *
 * <p>What waiting costs: a thread that parks pays a wake-up when work arrives, a system call for whoever wakes it
 * and the scheduler's latency, tens of microseconds; Linux also rounds a short timed park up to its timer slack,
 * about 50 us, so a thread that sleeps between facts cannot hand them on in microseconds. A thread that spins
 * hands them on in well under a microsecond, but burns its core all the time, and a spinning thread that shares a
 * core with another runnable thread is slower than a parked one. Spin only with more cores than spinning threads.
 *
 * <table>
 *   <caption>The strategies</caption>
 *   <tr><th>alias</th><th>waits by</th><th>CPU when idle</th></tr>
 *   <tr><td>{@code adaptive}</td><td>spinning for {@value ParkingIdleStrategy#ADAPTIVE_SPIN_NS} ns after its last
 *   work, then yielding a few times, then parking until woken</td><td>none once idle</td></tr>
 *   <tr><td>{@code blocking}</td><td>100 spins, then parking until woken</td><td>none</td></tr>
 *   <tr><td>{@code sleeping}</td><td>spins, yields, then timed parks of 1 to 100 us (Agrona
 *   {@code BackoffIdleStrategy})</td><td>about none</td></tr>
 *   <tr><td>{@code yielding}</td><td>{@code Thread.yield()}</td><td>a core per thread</td></tr>
 *   <tr><td>{@code busy-spin}</td><td>{@code Thread.onSpinWait()}</td><td>a core per thread</td></tr>
 * </table>
 *
 * <p>"Until woken": whoever moves a sequence a parked thread may wait on (a publisher, the journal stage, a stage)
 * rings the engine's doorbell, which unparks it; parks are also bounded in time as a safety net.
 */
public enum WaitStrategy
{
    /** Spin for a bounded time after the last work, yield a few times, then park until woken. The default. */
    ADAPTIVE("adaptive", false),
    /** A hundred spins, then park until woken. */
    BLOCKING("blocking", false),
    /** Spins, yields, then timed parks of 1 to 100 microseconds; finds work by polling. */
    SLEEPING("sleeping", false),
    /** Yield in a loop: a core per thread. */
    YIELDING("yielding", true),
    /** Spin in a loop: a core per thread, the lowest hand-over latency. */
    BUSY_SPIN("busy-spin", true);

    private final String alias;
    private final boolean burnsCore;

    WaitStrategy(final String alias, final boolean burnsCore)
    {
        this.alias = alias;
        this.burnsCore = burnsCore;
    }

    /** @return the name on the command line and in the system property. */
    public String alias()
    {
        return alias;
    }

    /** @return whether an idle thread with this strategy keeps a core busy. */
    public boolean burnsCore()
    {
        return burnsCore;
    }

    /**
     * @param alias one of {@code adaptive}, {@code blocking}, {@code sleeping}, {@code yielding}, {@code busy-spin}.
     * @return the strategy.
     * @throws IllegalArgumentException naming the alias and the known ones.
     */
    public static WaitStrategy fromAlias(final String alias)
    {
        final String wanted = alias == null ? "" : alias.trim().toLowerCase(Locale.ROOT);
        for (final WaitStrategy strategy : values())
        {
            if (strategy.alias.equals(wanted))
            {
                return strategy;
            }
        }
        throw new IllegalArgumentException("invalid waitStrategy=" + alias + ", must be one of " + aliases());
    }

    /** @return every alias, comma separated, for help texts and messages. */
    public static String aliases()
    {
        final StringBuilder names = new StringBuilder();
        for (final WaitStrategy strategy : values())
        {
            names.append(names.length() == 0 ? "" : ", ").append(strategy.alias);
        }
        return names.toString();
    }

    /** @return whether threads with this strategy park until the doorbell wakes them. */
    boolean parksUntilWoken()
    {
        return this == ADAPTIVE || this == BLOCKING;
    }

    /**
     * @param doorbell that wakes parked threads.
     * @param work     of the thread the strategy will run on, checked once more before parking.
     * @return a new strategy for one thread.
     */
    IdleStrategy newIdleStrategy(final Doorbell doorbell, final ParkingIdleStrategy.Work work)
    {
        switch (this)
        {
            case ADAPTIVE:
                return new ParkingIdleStrategy(alias, doorbell, work, ParkingIdleStrategy.ADAPTIVE_SPIN_NS,
                    ParkingIdleStrategy.ADAPTIVE_YIELDS);
            case BLOCKING:
                return new ParkingIdleStrategy(alias, doorbell, work, 0, 0);
            case SLEEPING:
                // Like the Disruptor's SleepingWaitStrategy: spin, yield, then short parks.
                return new BackoffIdleStrategy(100, 100, 1_000, 100_000);
            case YIELDING:
                return new YieldingIdleStrategy();
            default:
                return new BusySpinIdleStrategy();
        }
    }
}
