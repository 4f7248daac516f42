package dev.herald.bench;

import dev.herald.engine.ThreadLayout;
import dev.herald.store.OrderGenerator;
import dev.herald.store.OrderRequest;
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
 * The store, orders per second: {@code OrderPlaced} published, journaled, and handled by the seven store
 * reactions (payment, inventory, order lifecycle, email, warehouse, loyalty, analytics, with in-memory ports),
 * including every fact they derive and every compensation, until the cascade dies down. Herald's full topology
 * (own threads, one shared thread, two split threads) beside the same reactions driven inline on one thread (the
 * limit), on one ArrayBlockingQueue plus thread per reaction, and inline without the journal (the store's own code
 * alone). Orders come from the store's seeded generator (declines, duplicate
 * submissions, scarce SKUs), the same stream for every variant.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = { JvmArgs.AGRONA, "-Xmx4g" })
@State(Scope.Benchmark)
public class StoreBenchmark
{
    /** Orders placed per invocation. */
    public static final int BATCH = 4096;
    /** Seed of the order stream. */
    public static final long SEED = 42;

    /** Ring size for Herald. */
    @Param({ "65536" })
    public int ringSize;

    /** Orders the reactions pre-size their state for (a run places about a million). */
    @Param({ "1048576" })
    public int expectedOrders;

    /** Base of the store states. */
    public abstract static class Base
    {
        StoreDriver driver;
        OrderGenerator generator;
        final OrderRequest order = new OrderRequest();

        abstract StoreDriver create(StoreBenchmark bench, OrderGenerator generator);

        /** @param bench parameters. */
        @Setup(Level.Trial)
        public void start(final StoreBenchmark bench)
        {
            generator = new OrderGenerator(SEED, StoreDriver.GENERATOR);
            driver = create(bench, generator);
        }

        /** Stop threads and delete the journal. */
        @TearDown(Level.Trial)
        public void stop()
        {
            driver.close();
        }
    }

    /** Herald, a thread per stage. */
    @State(Scope.Benchmark)
    public static class HeraldOwn extends Base
    {
        @Override
        StoreDriver create(final StoreBenchmark bench, final OrderGenerator generator)
        {
            return new HeraldStoreDriver(generator, bench.ringSize, ThreadLayout.DEDICATED, bench.expectedOrders);
        }
    }

    /** Herald, all stages on one shared thread. */
    @State(Scope.Benchmark)
    public static class HeraldShared extends Base
    {
        @Override
        StoreDriver create(final StoreBenchmark bench, final OrderGenerator generator)
        {
            return new HeraldStoreDriver(generator, bench.ringSize, ThreadLayout.SHARED, bench.expectedOrders);
        }
    }

    /** Herald, the journal and half the stages on one thread, the other half on another. */
    @State(Scope.Benchmark)
    public static class HeraldSplit extends Base
    {
        @Override
        StoreDriver create(final StoreBenchmark bench, final OrderGenerator generator)
        {
            return new HeraldStoreDriver(generator, bench.ringSize, ThreadLayout.SPLIT, bench.expectedOrders);
        }
    }

    /** Inline on the publishing thread. */
    @State(Scope.Benchmark)
    public static class Inline extends Base
    {
        @Override
        StoreDriver create(final StoreBenchmark bench, final OrderGenerator generator)
        {
            return new InlineStoreDriver(generator, bench.expectedOrders);
        }
    }

    /** Inline on the publishing thread, no journal: the store's own code. */
    @State(Scope.Benchmark)
    public static class InlineReactionsOnly extends Base
    {
        @Override
        StoreDriver create(final StoreBenchmark bench, final OrderGenerator generator)
        {
            return InlineStoreDriver.reactionsOnly(generator, bench.expectedOrders);
        }
    }

    /** ArrayBlockingQueue plus thread per reaction. */
    @State(Scope.Benchmark)
    public static class Queue extends Base
    {
        @Override
        StoreDriver create(final StoreBenchmark bench, final OrderGenerator generator)
        {
            return new QueueStoreDriver(generator, bench.expectedOrders);
        }
    }

    static long run(final Base state)
    {
        final StoreDriver driver = state.driver;
        final OrderGenerator generator = state.generator;
        final OrderRequest order = state.order;
        for (int i = 0; i < BATCH; i++)
        {
            generator.next(order);
            driver.place(order);
        }
        driver.awaitQuiet();
        return driver.published;
    }

    /**
     * @param state the store.
     * @return orders placed so far.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long heraldOwnThreads(final HeraldOwn state)
    {
        return run(state);
    }

    /**
     * @param state the store.
     * @return orders placed so far.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long heraldSharedThread(final HeraldShared state)
    {
        return run(state);
    }

    /**
     * @param state the store.
     * @return orders placed so far.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long heraldSplitThreads(final HeraldSplit state)
    {
        return run(state);
    }

    /**
     * @param state the store.
     * @return orders placed so far.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long inline(final Inline state)
    {
        return run(state);
    }

    /**
     * @param state the store.
     * @return orders placed so far.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long inlineReactionsOnly(final InlineReactionsOnly state)
    {
        return run(state);
    }

    /**
     * @param state the store.
     * @return orders placed so far.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long arrayBlockingQueue(final Queue state)
    {
        return run(state);
    }
}
