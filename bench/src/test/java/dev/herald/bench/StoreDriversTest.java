package dev.herald.bench;

import dev.herald.engine.ThreadLayout;
import dev.herald.store.OrderGenerator;
import dev.herald.store.OrderRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store benchmark's drivers must do the whole work: every order and every fact the reactions derive from it
 * reaches every reaction, through Herald, inline and the queue-per-reaction driver alike, and the cascades are of
 * the same size (the same order stream derives about the same number of facts; stages interleave derived facts
 * differently from run to run, so an exact count or state digest is not expected to match across drivers).
 */
class StoreDriversTest
{
    private static final int ORDERS = 1_200;

    @TempDir
    Path tempDir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldCarryEveryOrderAndEveryDerivedFactThroughEveryDriver()
    {
        System.setProperty(TempDirectory.PARENT_PROP_NAME, tempDir.toString());
        try
        {
            final long inline = run((g) -> new InlineStoreDriver(g, ORDERS));
            assertTrue(inline > ORDERS, "inline derived no facts");
            assertEquals(inline, run((g) -> InlineStoreDriver.reactionsOnly(g, ORDERS)),
                "without the journal, the same order on one thread derives the same facts");
            assertSimilar(inline, run((g) -> new HeraldStoreDriver(g, 1024, ThreadLayout.DEDICATED, ORDERS)));
            assertSimilar(inline, run((g) -> new HeraldStoreDriver(g, 1024, ThreadLayout.SHARED, ORDERS)));
            assertSimilar(inline, run((g) -> new HeraldStoreDriver(g, 1024, ThreadLayout.SPLIT, ORDERS)));
            assertSimilar(inline, run((g) -> new QueueStoreDriver(g, ORDERS)));
        }
        finally
        {
            System.clearProperty(TempDirectory.PARENT_PROP_NAME);
        }
    }

    private static void assertSimilar(final long expectedFacts, final long actualFacts)
    {
        assertTrue(Math.abs(expectedFacts - actualFacts) <= expectedFacts / 10,
            "facts handled: inline=" + expectedFacts + " other=" + actualFacts);
    }

    /** @return facts every reaction handled: orders plus every derived fact. */
    private static long run(final Function<OrderGenerator, StoreDriver> factory)
    {
        final OrderGenerator generator = new OrderGenerator(StoreBenchmark.SEED, StoreDriver.GENERATOR);
        final OrderRequest order = new OrderRequest();
        try (StoreDriver driver = factory.apply(generator))
        {
            for (int i = 0; i < ORDERS; i++)
            {
                generator.next(order);
                driver.place(order);
                if (i % 400 == 399)
                {
                    driver.awaitQuiet();
                }
            }
            driver.awaitQuiet();
            assertEquals(ORDERS, driver.published);
            long emitted = 0;
            for (final CountingHandler handler : driver.handlers)
            {
                emitted += handler.emitted();
            }
            for (final CountingHandler handler : driver.handlers)
            {
                assertEquals(ORDERS + emitted, handler.handled());
            }
            return ORDERS + emitted;
        }
    }
}
