package dev.herald.store;

import dev.herald.engine.Engine;
import dev.herald.engine.EngineMetrics;
import dev.herald.engine.MessageHandler;
import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static dev.herald.store.StoreMessageTypes.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The whole store on the real engine and journal: generated order streams, replay determinism from the journal,
 * and a slow or down port that delays its own reaction and nothing else.
 */
class StoreEngineTest
{
    private static final int SCALE = Integer.getInteger("herald.test.scale", 1);

    @TempDir
    Path dir;

    private static OrderGenerator generator(final long seed)
    {
        return new OrderGenerator(seed, new OrderGenerator.Config()
            .customers(100).skus(30).maxBasket(4).declinePermille(80).scarce(5, 10).plentifulStock(100_000)
            .duplicatePermille(40));
    }

    private Engine.Context engineContext(final Store store)
    {
        return store.addTo(new Engine.Context()
            .ringSize(256)
            .idleTickNs(TimeUnit.MILLISECONDS.toNanos(1))
            .journal(new Journal.Context().directory(dir).segmentLength(1 << 20)
                .durability(DurabilityPolicy.PAGE_CACHE).applicationId(StoreSchema.APPLICATION_ID)));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldKeepInvariantsOnTheEngineAndReplayToTheSameDigests()
    {
        runAndCheck(20240501L, null);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldKeepInvariantsWithEveryStageOnOneSharedThread()
    {
        runAndCheck(777L, "store");
    }

    private void runAndCheck(final long seed, final String sharedThread)
    {
        final int orders = 400 * SCALE;
        final OrderGenerator generator = generator(seed);
        final Store.Context context = generator.stockInto(new Store.Context().expectedOrders(orders));
        if (sharedThread != null)
        {
            context.sharedThread(sharedThread);
        }
        final StoreHarness harness = new StoreHarness(context, false);
        generator.declineInto(harness.gateway);
        final OrderRequest request = new OrderRequest();
        try (Engine engine = Engine.launch(engineContext(harness.store)))
        {
            for (int i = 0; i < orders; i++)
            {
                generator.next(request);
                assertTrue(0 <= engine.publish(ORDER_PLACED, StoreSchema.SCHEMA_VERSION, request.orderId(),
                    OrderPlacedEncoder.INSTANCE, request, 5, TimeUnit.SECONDS), "seed=" + seed);
            }
        }

        final List<TestFacts.Fact> facts = TestFacts.facts(dir);
        try
        {
            harness.assertInvariants(facts);
        }
        catch (final AssertionError ex)
        {
            fail("seed=" + seed + ": " + ex.getMessage(), ex);
        }
        assertEquals(generator.distinctOrders(), harness.store.orders().placed());
        assertEquals(orders, TestFacts.ofType(facts, ORDER_PLACED).size(), "every submission journaled");

        final InMemoryPaymentGateway replayGateway = new InMemoryPaymentGateway();
        final InMemoryMailer replayMailer = new InMemoryMailer();
        final InMemoryWarehouseClient replayWarehouse = new InMemoryWarehouseClient();
        final Store fresh = new Store(generator.stockInto(new Store.Context().expectedOrders(orders))
            .paymentGateway(replayGateway).mailer(replayMailer).warehouseClient(replayWarehouse));
        assertEquals(facts.size(), Engine.replay(dir, 0, Long.MAX_VALUE, fresh.handlers()));
        assertEquals(harness.store.digest(), fresh.digest(), "replay digests equal live digests");
        assertEquals(0, replayGateway.faults().calls() + replayGateway.refundCalls());
        assertEquals(0, replayMailer.faults().calls());
        assertEquals(0, replayWarehouse.faults().calls());

        // Each reaction's messageTypes() must name every type it acts on: handed every fact, types it did not
        // declare included, a store rebuilds the same state.
        final Store unfiltered = new Store(generator.stockInto(new Store.Context().expectedOrders(orders)));
        final MessageHandler[] handlers = unfiltered.handlers();
        final TestBus.ReplayEmitter replay = new TestBus.ReplayEmitter();
        try (JournalReader reader = Journal.openReader(dir))
        {
            reader.replay(0, Long.MAX_VALUE, view ->
            {
                for (final MessageHandler handler : handlers)
                {
                    try
                    {
                        handler.onMessage(view, replay);
                    }
                    catch (final Exception ex)
                    {
                        throw new IllegalStateException(ex);
                    }
                }
                return true;
            });
        }
        assertEquals(harness.store.digest(), unfiltered.digest(), "every type acted on is declared");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldKeepAcceptingOrdersWhileTheMailerIsSlowAndShowItsLag()
    {
        final int orders = 150;
        final OrderGenerator generator = new OrderGenerator(5, new OrderGenerator.Config().declinePermille(0)
            .scarce(0, 0).duplicatePermille(0));
        final StoreHarness harness = new StoreHarness(generator.stockInto(new Store.Context()), false);
        harness.mailer.faults().slow(TimeUnit.MILLISECONDS.toNanos(5));
        final OrderRequest request = new OrderRequest();
        final EngineMetrics metrics;
        try (Engine engine = Engine.launch(engineContext(harness.store)))
        {
            for (int i = 0; i < orders; i++)
            {
                generator.next(request);
                assertTrue(0 <= engine.publish(ORDER_PLACED, StoreSchema.SCHEMA_VERSION, request.orderId(),
                    OrderPlacedEncoder.INSTANCE, request, 10, TimeUnit.SECONDS));
            }
            metrics = waitForEmailLag(engine);
            harness.mailer.faults().slow(0);
        }

        assertEquals(Store.STAGE_EMAIL, metrics.holdingBack(), metrics.toString());
        assertTrue(metrics.stage(Store.STAGE_EMAIL).lag() > metrics.stage(Store.STAGE_PAYMENT).lag(),
            metrics.toString());
        final List<TestFacts.Fact> facts = TestFacts.facts(dir);
        assertEquals(orders, TestFacts.ofType(facts, ORDER_PLACED).size(), "every order journaled");
        assertEquals(orders, TestFacts.ofType(facts, ORDER_COMPLETED).size(), "every order completed");
        assertEquals(orders, TestFacts.ofType(facts, RECEIPT_EMAILED).size());
        harness.assertInvariants(facts);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldAnnounceEmailFailedWhileTheMailerIsDownAndCompleteOrdersAnyway()
    {
        final int orders = 30;
        final OrderGenerator generator = new OrderGenerator(6, new OrderGenerator.Config().declinePermille(0)
            .scarce(0, 0).duplicatePermille(0));
        final StoreHarness harness = new StoreHarness(generator.stockInto(new Store.Context().emailMaxAttempts(3)
            .emailBackoff(TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(4))), false);
        harness.mailer.faults().down(true);
        final OrderRequest request = new OrderRequest();
        try (Engine engine = Engine.launch(engineContext(harness.store)))
        {
            for (int i = 0; i < orders; i++)
            {
                generator.next(request);
                assertTrue(0 <= engine.publish(ORDER_PLACED, StoreSchema.SCHEMA_VERSION, request.orderId(),
                    OrderPlacedEncoder.INSTANCE, request, 10, TimeUnit.SECONDS));
            }
            while (TestFacts.ofType(TestFacts.facts(dir), EMAIL_FAILED).size() < orders)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }

        final List<TestFacts.Fact> facts = TestFacts.facts(dir);
        final List<TestFacts.Fact> failed = TestFacts.ofType(facts, EMAIL_FAILED);
        assertEquals(orders, failed.size());
        assertTrue(failed.stream().allMatch(f -> f.attempt() == 3 &&
            f.reason() == StoreSchema.REASON_MAILER_UNAVAILABLE));
        assertEquals(orders, TestFacts.ofType(facts, ORDER_COMPLETED).size());
        assertEquals(3L * orders, harness.mailer.faults().calls());
        assertEquals(orders, harness.store.analytics().emailsFailed());
        harness.assertInvariants(facts);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldRejectABadOrderBeforeItEntersTheRing()
    {
        final StoreHarness harness = new StoreHarness(new Store.Context().stock(500, 5), false);
        try (Engine engine = Engine.launch(engineContext(harness.store)))
        {
            final long cursor = engine.metrics().cursor();
            final OrderRequest bad = TestFacts.order(1, 7, 500, 1, 100).currency("XYZ");
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () ->
                engine.tryPublish(ORDER_PLACED, StoreSchema.SCHEMA_VERSION, 1, OrderPlacedEncoder.INSTANCE, bad));
            assertTrue(ex.getMessage().contains("currency=XYZ"), ex.getMessage());
            assertEquals(cursor, engine.metrics().cursor(), "nothing entered the ring");
        }
        assertEquals(0, Journal.verify(dir).records(), "nothing journaled");
        assertEquals(0, harness.gateway.faults().calls());
    }

    private static EngineMetrics waitForEmailLag(final Engine engine)
    {
        EngineMetrics metrics = engine.metrics();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Store.STAGE_EMAIL.equals(metrics.holdingBack()) && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            metrics = engine.metrics();
        }
        return metrics;
    }
}
