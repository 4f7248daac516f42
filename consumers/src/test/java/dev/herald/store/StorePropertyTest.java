package dev.herald.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Random order streams (baskets, declined cards, stock-outs, duplicate submissions, flaky mailer and gateway)
 * through the whole store, with stages interleaved at random; the invariants of {@link StoreHarness} must hold and
 * replay must rebuild every digest. Size with {@code -Dherald.test.scale=N}; a failure names its seed, and
 * {@code -Dherald.test.seed=S} reruns just that seed.
 */
class StorePropertyTest
{
    private static final int SCALE = Integer.getInteger("herald.test.scale", 1);

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldKeepInvariantsOverRandomOrderStreams()
    {
        final Long only = Long.getLong("herald.test.seed");
        final int runs = only != null ? 1 : 12 * SCALE;
        final long base = only != null ? only : System.nanoTime();
        for (int run = 0; run < runs; run++)
        {
            final long seed = only != null ? only : Digests.mix(base + run);
            final int orders = 150 * SCALE;
            final int deliveries = run % 4 == 3 ? 2 : 1;
            try
            {
                runScenario(seed, orders, deliveries);
            }
            catch (final Throwable ex)
            {
                fail("seed=" + seed + " orders=" + orders + " deliveries=" + deliveries +
                    " (rerun with -Dherald.test.seed=" + seed + "): " + ex, ex);
            }
        }
    }

    @Test
    void shouldGenerateTheSameStreamForTheSameSeed()
    {
        final OrderGenerator a = new OrderGenerator(42);
        final OrderGenerator b = new OrderGenerator(42);
        final OrderRequest ra = new OrderRequest();
        final OrderRequest rb = new OrderRequest();
        int duplicates = 0;
        for (int i = 0; i < 2000; i++)
        {
            final boolean dup = a.next(ra);
            assertEquals(dup, b.next(rb));
            duplicates += dup ? 1 : 0;
            assertEquals(ra.orderId(), rb.orderId());
            assertEquals(ra.total(), rb.total());
            assertEquals(ra.contact().toString(), rb.contact().toString());
            OrderPlacedEncoder.INSTANCE.validate(ra);
        }
        assertTrue(duplicates > 0, "duplicates appear");
        assertEquals(2000, a.distinctOrders() + a.duplicates());
    }

    private static void runScenario(final long seed, final int orders, final int deliveries) throws Exception
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final OrderGenerator generator = new OrderGenerator(seed, new OrderGenerator.Config()
            .customers(50).skus(20).maxBasket(4).maxQuantity(3).declinePermille(100).scarce(5, 6)
            .plentifulStock(10_000).duplicatePermille(60));
        final Store.Context context = generator.stockInto(new Store.Context().expectedOrders(orders)
            .emailMaxAttempts(3));
        final StoreHarness harness = new StoreHarness(context);
        generator.declineInto(harness.gateway);
        final TestBus bus = harness.bus().deliveries(deliveries);
        final OrderRequest request = new OrderRequest();
        final int[] speeds = new int[7];
        for (int i = 0; i < speeds.length; i++)
        {
            speeds[i] = 1 + random.nextInt(random.nextBoolean() ? 3 : 30);
        }

        for (int i = 0; i < orders; i++)
        {
            generator.next(request);
            TestFacts.place(bus, request);
            if (random.nextInt(10) == 0)
            {
                harness.mailer.faults().failNext(random.nextInt(3));
            }
            if (random.nextInt(20) == 0)
            {
                harness.gateway.faults().failNext(1);
            }
            for (int k = random.nextInt(20); k > 0; k--)
            {
                bus.step(TestBus.pick(random, speeds));
            }
            if (random.nextInt(25) == 0)
            {
                harness.clock.advanceMs(random.nextInt(50));
                bus.idle(random.nextInt(7));
            }
        }
        bus.drainRandom(random, speeds);
        harness.settle(bus);

        harness.assertInvariants(bus);
        harness.assertReplayRebuildsState(bus, generator.stockInto(new Store.Context().expectedOrders(orders)
            .emailMaxAttempts(3)));
        assertEquals(generator.distinctOrders(), harness.store.analytics().orders());
    }
}
