package dev.herald.engine;

import dev.herald.journal.DurabilityPolicy;

/**
 * Which threads run the journal stage and the consumer stages, named after Aeron's threading modes. Latency is set
 * by hops and wake-ups: every thread a fact crosses costs a hand-over, and a parked thread costs a wake-up (tens of
 * microseconds), so the fewer threads on a small machine, the lower the latency; on a large one, a thread per stage
 * lets stages run in parallel.
 *
 * <p>Stages that name a thread with {@link Stage#thread(String)} run on that thread whatever the layout (except
 * {@link #INVOKER}, which has no threads); stages sharing a thread run in declaration order, and a thread that runs
 * the journal stage runs it first.
 *
 * <p>Leave {@link Engine.Context#threadLayout(ThreadLayout)} unset to let {@link #forMachine} choose.
 */
public enum ThreadLayout
{
    /**
     * A thread for the journal stage and one for each consumer stage ({@code herald-journal},
     * {@code herald-<stage>}): stages run in parallel; each hop between threads costs a hand-over. For machines
     * with a core per stage.
     */
    DEDICATED,

    /**
     * The journal stage and every consumer stage on one thread ({@code herald-shared}), in topology order, so one
     * hop separates a publisher from the last reaction: the lowest latency on 2 to 4 cores. The journal's force
     * under a durable policy holds the stages while it runs.
     */
    SHARED,

    /**
     * The journal stage on its own thread ({@code herald-journal}), so it can block in a force without holding
     * the stages, and every consumer stage on one other thread ({@code herald-stages}): durable throughput on few
     * cores.
     */
    SHARED_STAGES,

    /**
     * Two threads, each with half of the participants (the journal stage counted as one, rounded down for the
     * first): the journal stage and the first consumer stages in declaration order on one ({@code herald-shared}),
     * the other stages on the other ({@code herald-stages}), and stages added later with the second; seven stages
     * go three and four. Throughput on two or three cores when the stages, not the journal, are the work: a fact
     * crosses to the second thread once, for a hand-over (and a wake-up when that thread is parked), so a lone
     * fact's latency is higher than under {@link #SHARED}. The journal's force holds the first thread's stages, as
     * under {@link #SHARED}.
     */
    SPLIT,

    /**
     * No engine thread at all: the application drives the duty cycle of the journal stage and every consumer stage
     * by calling {@code engine.invoker().invoke()} from its own loop (Agrona's {@code AgentInvoker}), one thread at
     * a time. For hosts that own their threads. {@link Stage#thread(String)} is ignored.
     */
    INVOKER;

    /**
     * The layout for a machine, as {@link Engine.Context#conclude()} picks it when none is set: a thread per stage
     * when there is a core for each of them plus one for the publisher; otherwise one thread for everything under
     * the page-cache policy (nothing blocks it), or the journal apart from the stages under a forcing policy (a
     * force then does not hold the stages). A wait strategy that burns a core while idle never gets more engine
     * threads than {@code cores - 1}, leaving one core to the publisher.
     *
     * @param cores        available processors.
     * @param durability   of the journal.
     * @param stages       consumer stages declared.
     * @param waitStrategy how idle threads wait.
     * @return the layout.
     */
    public static ThreadLayout forMachine(
        final int cores, final DurabilityPolicy durability, final int stages, final WaitStrategy waitStrategy)
    {
        if (stages + 2 <= cores)
        {
            return DEDICATED;
        }
        final boolean forces = durability.mode() != DurabilityPolicy.Mode.PAGE_CACHE;
        if (forces && (!waitStrategy.burnsCore() || cores >= 3))
        {
            return SHARED_STAGES;
        }
        return SHARED;
    }

    /** @return the name used on the command line: {@code dedicated}, {@code shared}, ... */
    public String alias()
    {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * @param alias {@code dedicated}, {@code shared}, {@code shared-stages}, {@code split} or {@code invoker}.
     * @return the layout.
     * @throws IllegalArgumentException naming the alias and the known ones.
     */
    public static ThreadLayout fromAlias(final String alias)
    {
        for (final ThreadLayout layout : values())
        {
            if (layout.alias().equals(alias))
            {
                return layout;
            }
        }
        throw new IllegalArgumentException(
            "invalid threadLayout=" + alias + ", must be dedicated, shared, shared-stages, split or invoker");
    }
}
