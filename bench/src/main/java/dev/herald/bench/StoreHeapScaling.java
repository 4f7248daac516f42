package dev.herald.bench;

import dev.herald.store.OrderGenerator;
import dev.herald.store.OrderRequest;
import dev.herald.store.Store;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * Heap after a full GC against orders processed, with the store's deduplication window and without it: the seven
 * reactions run inline (no engine threads, the journal appended as by {@code StoreBenchmark.inline}), with ports
 * that remember nothing, so the heap is the reactions' own state.
 *
 * <pre>
 * java --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED -Xmx3g -cp bench/target/benchmarks.jar \
 *   dev.herald.bench.StoreHeapScaling [--orders 2000000] [--checkpoints 4] [--window 131072]
 * </pre>
 */
public final class StoreHeapScaling
{
    private StoreHeapScaling()
    {
    }

    /**
     * @param args see the class comment.
     */
    public static void main(final String[] args)
    {
        long orders = 2_000_000;
        int checkpoints = 4;
        int window = Store.Context.WINDOW_ORDERS_DEFAULT;
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--orders" -> orders = Long.parseLong(args[i + 1]);
                case "--checkpoints" -> checkpoints = Integer.parseInt(args[i + 1]);
                case "--window" -> window = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option=" + args[i]);
            }
        }
        System.out.printf(Locale.ROOT, "%-22s %12s %16s%n", "window", "orders", "heap after GC MiB");
        for (final int settled : new int[]{ window, Integer.MAX_VALUE })
        {
            final String name = settled == Integer.MAX_VALUE ? "none" : String.format(Locale.ROOT, "%,d", settled);
            final OrderGenerator generator = new OrderGenerator(42, StoreDriver.GENERATOR);
            final Store.Context context = new ForgetfulPorts(generator).into(new Store.Context()
                .window(settled, Long.MAX_VALUE));
            try (InlineStoreDriver driver = new InlineStoreDriver(generator, context))
            {
                final OrderRequest request = new OrderRequest();
                for (int checkpoint = 1; checkpoint <= checkpoints; checkpoint++)
                {
                    final long until = orders * checkpoint / checkpoints;
                    for (long n = orders * (checkpoint - 1) / checkpoints; n < until; n++)
                    {
                        generator.next(request);
                        driver.place(request);
                    }
                    System.out.printf(Locale.ROOT, "%-22s %,12d %,16.1f%n", name, until, heapAfterGc() / 1048576.0);
                }
            }
        }
    }

    private static long heapAfterGc()
    {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++)
        {
            System.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
