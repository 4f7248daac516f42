package dev.herald.bench;

import dev.herald.engine.ThreadLayout;
import dev.herald.engine.WaitStrategy;

import java.util.List;

/**
 * The fan-outs by name, for the latency harness and the command line: Herald in each thread layout
 * ({@code herald-dedicated}, {@code herald-shared}, {@code herald-shared-stages}, {@code herald-invoker}), the raw
 * Disruptor ({@code disruptor}, {@code disruptor-shared}, {@code disruptor-raw}), {@code inline}, {@code abq}, {@code executor},
 * {@code guava}, {@code reactor}.
 */
public final class FanOuts
{
    /** Every known name. */
    public static final List<String> NAMES = List.of(
        "herald-dedicated", "herald-shared", "herald-shared-stages", "herald-invoker", "disruptor",
        "disruptor-shared", "disruptor-raw", "inline", "abq", "executor", "guava", "reactor");

    private FanOuts()
    {
    }

    /**
     * @param name of a fan-out.
     * @throws IllegalArgumentException naming it when unknown.
     */
    public static void check(final String name)
    {
        if (!NAMES.contains(name))
        {
            throw new IllegalArgumentException("unknown system=" + name + ", must be one of " + NAMES);
        }
    }

    /**
     * @param name         of the fan-out.
     * @param reactions    to run.
     * @param ringSize     ring size or queue capacity.
     * @param waitStrategy how idle threads wait, for the systems that have a choice (Herald and the Disruptor);
     *                     null for Herald's default and its Disruptor counterpart.
     * @return a started fan-out.
     */
    public static FanOut create(
        final String name, final Reactions reactions, final int ringSize, final WaitStrategy waitStrategy)
    {
        check(name);
        if (name.startsWith("herald-"))
        {
            return new HeraldFanOut(
                reactions, ringSize, ThreadLayout.fromAlias(name.substring("herald-".length())), waitStrategy);
        }
        final WaitStrategy disruptorWait = waitStrategy != null ? waitStrategy :
            dev.herald.engine.Engine.Context.WAIT_STRATEGY_DEFAULT;
        switch (name)
        {
            case "disruptor":
                return new DisruptorFanOut(reactions, ringSize, false, disruptorWait);
            case "disruptor-shared":
                return new DisruptorFanOut(reactions, ringSize, true, disruptorWait);
            case "disruptor-raw":
                return new DisruptorFanOut(reactions, ringSize, true, disruptorWait, true);
            case "inline":
                return new InlineFanOut(reactions);
            case "abq":
                return new QueueFanOut(reactions, ringSize);
            case "executor":
                return new ExecutorFanOut(reactions);
            case "guava":
                return new GuavaFanOut(reactions);
            default:
                return new ReactorFanOut(reactions, ringSize);
        }
    }
}
