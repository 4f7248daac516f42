package dev.herald.store;

import dev.herald.journal.RecordDescriptor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.herald.store.StoreMessageTypes.*;
import static org.junit.jupiter.api.Assertions.*;

/** A store with in-memory ports and a manual clock, plus the invariants every run must keep. */
final class StoreHarness
{
    final InMemoryPaymentGateway gateway = new InMemoryPaymentGateway();
    final InMemoryMailer mailer = new InMemoryMailer();
    final InMemoryWarehouseClient warehouse = new InMemoryWarehouseClient();
    final TestFacts.ManualClock clock = new TestFacts.ManualClock();
    final Store.Context context;
    final Store store;

    StoreHarness(final Store.Context context)
    {
        this(context, true);
    }

    /** @param manualClock false: retries back off in real time (for runs on the engine). */
    StoreHarness(final Store.Context context, final boolean manualClock)
    {
        this.context = context.paymentGateway(gateway).mailer(mailer).warehouseClient(warehouse);
        if (manualClock)
        {
            context.clock(clock);
        }
        store = new Store(this.context);
    }

    TestBus bus()
    {
        return new TestBus().stages(store.handlers());
    }

    /** A fresh store with the same stock, replaying the log: same digest, no port touched. */
    void assertReplayRebuildsState(final TestBus bus, final Store.Context freshContext) throws Exception
    {
        final InMemoryPaymentGateway replayGateway = new InMemoryPaymentGateway();
        final InMemoryMailer replayMailer = new InMemoryMailer();
        final InMemoryWarehouseClient replayWarehouse = new InMemoryWarehouseClient();
        final Store fresh = new Store(freshContext.paymentGateway(replayGateway).mailer(replayMailer)
            .warehouseClient(replayWarehouse).clock(clock));
        bus.replayInto(fresh.handlers());
        assertEquals(store.digest(), fresh.digest(), "replay digests equal live digests");
        assertEquals(0, replayGateway.faults().calls() + replayGateway.refundCalls(), "no payment call in replay");
        assertEquals(0, replayMailer.faults().calls(), "no mail in replay");
        assertEquals(0, replayWarehouse.faults().calls(), "no warehouse call in replay");
    }

    /** Keep retrying until nothing is owed to any port. */
    void settle(final TestBus bus) throws Exception
    {
        for (int i = 0; i < 1000; i++)
        {
            bus.drainRoundRobin();
            if (store.payment().refundsPending() == 0 && store.email().retriesPending() == 0 &&
                store.warehouse().retriesPending() == 0)
            {
                return;
            }
            clock.advanceMs(2_000);
            bus.idleAll();
        }
        fail("retries never settled");
    }

    void assertInvariants(final TestBus bus)
    {
        assertInvariants(TestFacts.facts(bus));
    }

    void assertInvariants(final List<TestFacts.Fact> facts)
    {
        final Map<Long, Integer> terminal = new HashMap<>();
        final Map<Long, Long> sequenceToCorrelation = new HashMap<>();
        final Map<Short, Long> captured = new HashMap<>();
        final Map<Short, Long> refunded = new HashMap<>();
        final Map<Short, Long> completedRevenue = new HashMap<>();
        final Map<Long, Integer> receiptOutcomes = new HashMap<>();
        final Map<Long, Integer> shipments = new HashMap<>();
        final Map<Long, Long> reservedUnits = new HashMap<>();
        long completedUnits = 0;
        long completedPoints = 0;
        for (final TestFacts.Fact fact : facts)
        {
            assertTrue(StoreMessageTypes.isStoreType(fact.type()), "a store fact, not a failure, at " +
                fact.sequence());
            sequenceToCorrelation.put(fact.sequence(), fact.correlationId());
            assertEquals(fact.correlationId(), fact.orderId(), "correlation is the order id at " + fact.sequence());
            if (fact.type() == ORDER_PLACED)
            {
                assertEquals(RecordDescriptor.NO_CAUSATION, fact.causationId());
                terminal.putIfAbsent(fact.orderId(), 0);
            }
            else if (fact.causationId() != RecordDescriptor.NO_CAUSATION)
            {
                assertTrue(fact.causationId() < fact.sequence(), "cause precedes effect at " + fact.sequence());
                assertEquals(fact.correlationId(), sequenceToCorrelation.get(fact.causationId()),
                    "cause belongs to the same order at " + fact.sequence());
            }
            switch (fact.type())
            {
                case ORDER_COMPLETED:
                case ORDER_CANCELLED:
                    terminal.merge(fact.orderId(), 1, Integer::sum);
                    break;
                case PAYMENT_CAPTURED:
                    captured.merge(fact.currency(), fact.amount(), Long::sum);
                    break;
                case PAYMENT_REFUNDED:
                    refunded.merge(fact.currency(), fact.amount(), Long::sum);
                    break;
                case INVENTORY_RESERVED:
                    reservedUnits.put(fact.orderId(), (long)fact.quantity());
                    break;
                case RECEIPT_EMAILED:
                case EMAIL_FAILED:
                    receiptOutcomes.merge(fact.orderId(), 1, Integer::sum);
                    break;
                case WAREHOUSE_NOTIFIED:
                    shipments.merge(fact.orderId(), 1, Integer::sum);
                    break;
                default:
                    break;
            }
        }
        for (final TestFacts.Fact fact : facts)
        {
            if (fact.type() == ORDER_COMPLETED)
            {
                completedRevenue.merge(fact.currency(), fact.amount(), Long::sum);
                completedUnits += reservedUnits.get(fact.orderId());
                completedPoints += fact.amount() / LoyaltyReaction.MINOR_UNITS_PER_POINT;
                assertEquals(1, receiptOutcomes.getOrDefault(fact.orderId(), 0), "one receipt outcome");
                assertEquals(1, shipments.getOrDefault(fact.orderId(), 0), "one shipment");
            }
        }

        terminal.forEach((orderId, count) -> assertEquals(1, count, "terminal states of order " + orderId));
        assertEquals(0, store.orders().open(), "every order ends");
        assertEquals(terminal.size(), store.orders().placed());

        for (final short currency : StoreSchema.supportedCurrencies())
        {
            final long c = captured.getOrDefault(currency, 0L);
            final long r = refunded.getOrDefault(currency, 0L);
            final long revenue = completedRevenue.getOrDefault(currency, 0L);
            assertEquals(c, r + revenue, "captured == refunded + completed revenue in " + currency);
            assertEquals(c, gateway.captured(currency), "gateway captured in " + currency);
            assertEquals(r, gateway.refunded(currency), "gateway refunded in " + currency);
            assertEquals(revenue, store.analytics().revenue(currency), "analytics revenue in " + currency);
        }

        final InventoryReaction inventory = store.inventory();
        assertEquals(context.totalStock() + inventory.unitsReceived(),
            inventory.totalAvailable() + inventory.unitsHeld(), "stock conserved");
        assertEquals(completedUnits, inventory.unitsHeld(), "only completed orders hold stock");
        assertEquals(completedPoints, store.loyalty().pointsOutstanding(), "points only for completed orders");

        assertTrue(gateway.maxCapturesPerOrder() <= 1, "no card charged twice");
        assertTrue(gateway.maxRefundsPerOrder() <= 1, "no refund paid twice");
        assertTrue(mailer.maxSentPerOrder() <= 1, "no receipt sent twice");
        assertTrue(warehouse.maxRequestsPerOrder() <= 1, "no order shipped twice");
    }
}
