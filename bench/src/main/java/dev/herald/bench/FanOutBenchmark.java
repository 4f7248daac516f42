package dev.herald.bench;

import dev.herald.engine.ThreadLayout;
import dev.herald.engine.WaitStrategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Fan-out throughput, facts per second: publish -> journal (page cache) -> N reactions of equal, small work
 * ({@link Work#react}), the same journal append and the same reactions in every variant, all in one run:
 * <ul>
 *   <li>{@code heraldDedicated}, {@code heraldShared}, {@code heraldSharedStages}, {@code heraldInvoker}: Herald's
 *   engine in each {@link ThreadLayout};</li>
 *   <li>{@code disruptor}, {@code disruptorShared}: the raw LMAX Disruptor, a processor per handler or one for all
 *   ({@link DisruptorFanOut});</li>
 *   <li>{@code inline}: one thread appends and runs every reaction (the limit on one core);</li>
 *   <li>{@code arrayBlockingQueue}: one queue plus thread per consumer, each fed a copy;</li>
 *   <li>{@code executorPerReaction}, {@code guavaAsyncEventBus}, {@code reactorMulticast}: the peers.</li>
 * </ul>
 * One invocation publishes {@link #BATCH} facts and waits until all are journaled and handled by every
 * reaction, so a score is completed facts per second, not accepted ones. Scaling runs vary {@code handlers}
 * (1, 2, 4, 6) and {@code ringSize} (queue or buffer capacity for the alternatives); {@code waitStrategy} picks
 * Herald's (by alias) and the Disruptor's counterpart.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = { JvmArgs.AGRONA, "-Xmx2g" })
@State(Scope.Benchmark)
public class FanOutBenchmark
{
    /** Facts published per invocation. */
    public static final int BATCH = 16 * 1024;

    /** Number of reactions. */
    @Param({ "6" })
    public int handlers;

    /** Ring size for Herald; queue or buffer capacity for the alternatives that have one. */
    @Param({ "65536" })
    public int ringSize;

    /** Herald's wait strategy by alias, and the Disruptor's counterpart; the others ignore it. */
    @Param({ "adaptive" })
    public String waitStrategy;

    /** Base of the fan-out states: builds one in trial setup, closes it in tear-down. */
    public abstract static class Base
    {
        FanOut fanOut;
        long nextId;

        abstract FanOut create(FanOutBenchmark bench);

        /** @param bench parameters. */
        @Setup(Level.Trial)
        public void start(final FanOutBenchmark bench)
        {
            fanOut = create(bench);
        }

        /** Stop threads and delete the journal. */
        @TearDown(Level.Trial)
        public void stop()
        {
            fanOut.close();
        }
    }

    /** Herald in one of its layouts. */
    public abstract static class HeraldBase extends Base
    {
        abstract ThreadLayout layout();

        @Override
        FanOut create(final FanOutBenchmark bench)
        {
            return new HeraldFanOut(new Reactions(bench.handlers, 0), bench.ringSize, layout(),
                WaitStrategy.fromAlias(bench.waitStrategy));
        }
    }

    /** Herald, a thread per stage and one for the journal. */
    @State(Scope.Benchmark)
    public static class HeraldDedicated extends HeraldBase
    {
        @Override
        ThreadLayout layout()
        {
            return ThreadLayout.DEDICATED;
        }
    }

    /** Herald, the journal and every stage on one thread. */
    @State(Scope.Benchmark)
    public static class HeraldShared extends HeraldBase
    {
        @Override
        ThreadLayout layout()
        {
            return ThreadLayout.SHARED;
        }
    }

    /** Herald, the journal on one thread, every stage on another. */
    @State(Scope.Benchmark)
    public static class HeraldSharedStages extends HeraldBase
    {
        @Override
        ThreadLayout layout()
        {
            return ThreadLayout.SHARED_STAGES;
        }
    }

    /** Herald with no thread of its own: the publishing thread runs the duty cycle. */
    @State(Scope.Benchmark)
    public static class HeraldInvoker extends HeraldBase
    {
        @Override
        ThreadLayout layout()
        {
            return ThreadLayout.INVOKER;
        }
    }

    /** The raw Disruptor, a processor per handler. */
    @State(Scope.Benchmark)
    public static class RawDisruptor extends Base
    {
        @Override
        FanOut create(final FanOutBenchmark bench)
        {
            return new DisruptorFanOut(new Reactions(bench.handlers, 0), bench.ringSize, false,
                WaitStrategy.fromAlias(bench.waitStrategy));
        }
    }

    /** The raw Disruptor, one processor for the journal and every reaction. */
    @State(Scope.Benchmark)
    public static class RawDisruptorShared extends Base
    {
        @Override
        FanOut create(final FanOutBenchmark bench)
        {
            return new DisruptorFanOut(new Reactions(bench.handlers, 0), bench.ringSize, true,
                WaitStrategy.fromAlias(bench.waitStrategy));
        }
    }

    /** The inline loop. */
    @State(Scope.Benchmark)
    public static class Inline extends Base
    {
        @Override
        FanOut create(final FanOutBenchmark bench)
        {
            return new InlineFanOut(new Reactions(bench.handlers, 0));
        }
    }

    /** ArrayBlockingQueue per consumer. */
    @State(Scope.Benchmark)
    public static class Queue extends Base
    {
        @Override
        FanOut create(final FanOutBenchmark bench)
        {
            return new QueueFanOut(new Reactions(bench.handlers, 0), bench.ringSize);
        }
    }

    /** ExecutorService per consumer. */
    @State(Scope.Benchmark)
    public static class Executor extends Base
    {
        @Override
        FanOut create(final FanOutBenchmark bench)
        {
            return new ExecutorFanOut(new Reactions(bench.handlers, 0));
        }
    }

    /** Guava AsyncEventBus. */
    @State(Scope.Benchmark)
    public static class Guava extends Base
    {
        @Override
        FanOut create(final FanOutBenchmark bench)
        {
            return new GuavaFanOut(new Reactions(bench.handlers, 0));
        }
    }

    /** Reactor multicast sink. */
    @State(Scope.Benchmark)
    public static class Reactor extends Base
    {
        @Override
        FanOut create(final FanOutBenchmark bench)
        {
            return new ReactorFanOut(new Reactions(bench.handlers, 0), bench.ringSize);
        }
    }

    static long run(final Base state)
    {
        final FanOut fanOut = state.fanOut;
        long id = state.nextId;
        for (int i = 0; i < BATCH; i++)
        {
            fanOut.publish(id++, 0L);
        }
        fanOut.awaitDrained();
        state.nextId = id;
        return id;
    }

    /**
     * @param state the fan-out.
     * @return facts published so far.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long heraldDedicated(final HeraldDedicated state)
    {
        return run(state);
    }

    /**
     * @param state the fan-out.
     * @return facts published so far.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long heraldShared(final HeraldShared state)
    {
        return run(state);
    }

    /**
     * @param state the fan-out.
     * @return facts published so far.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long heraldSharedStages(final HeraldSharedStages state)
    {
        return run(state);
    }

    /**
     * @param state the fan-out.
     * @return facts published so far.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long heraldInvoker(final HeraldInvoker state)
    {
        return run(state);
    }

    /**
     * @param state the fan-out.
     * @return facts published so far.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long disruptor(final RawDisruptor state)
    {
        return run(state);
    }

    /**
     * @param state the fan-out.
     * @return facts published so far.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long disruptorShared(final RawDisruptorShared state)
    {
        return run(state);
    }

    /**
     * @param state the fan-out.
     * @return facts published so far.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long inline(final Inline state)
    {
        return run(state);
    }

    /**
     * @param state the fan-out.
     * @return facts published so far.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long arrayBlockingQueue(final Queue state)
    {
        return run(state);
    }

    /**
     * @param state the fan-out.
     * @return facts published so far.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long executorPerReaction(final Executor state)
    {
        return run(state);
    }

    /**
     * @param state the fan-out.
     * @return facts published so far.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long guavaAsyncEventBus(final Guava state)
    {
        return run(state);
    }

    /**
     * @param state the fan-out.
     * @return facts published so far.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long reactorMulticast(final Reactor state)
    {
        return run(state);
    }
}
