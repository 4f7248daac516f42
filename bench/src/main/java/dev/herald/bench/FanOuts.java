package dev.herald.bench;

import dev.herald.engine.ThreadLayout;

import java.util.List;

/**
 * The fan-outs by name, for the latency harness and the command line: {@code herald-own}, {@code herald-shared},
 * {@code inline}, {@code abq}, {@code executor}, {@code guava}, {@code reactor}.
 */
public final class FanOuts
{
    /** Every known name. */
    public static final List<String> NAMES =
        List.of("herald-own", "herald-shared", "inline", "abq", "executor", "guava", "reactor");

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
     * @param name      of the fan-out.
     * @param reactions to run.
     * @param ringSize  ring size or queue capacity.
     * @return a started fan-out.
     */
    public static FanOut create(final String name, final Reactions reactions, final int ringSize)
    {
        check(name);
        switch (name)
        {
            case "herald-own":
                return new HeraldFanOut(reactions, ringSize, ThreadLayout.OWN, null);
            case "herald-shared":
                return new HeraldFanOut(reactions, ringSize, ThreadLayout.SHARED, null);
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
