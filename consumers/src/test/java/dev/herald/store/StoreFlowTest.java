package dev.herald.store;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.herald.store.StoreMessageTypes.*;
import static dev.herald.store.TestFacts.*;
import static org.junit.jupiter.api.Assertions.*;

class StoreFlowTest
{
    private static Store.Context stock()
    {
        return new Store.Context().expectedOrders(64).stock(500, 10).stock(501, 1);
    }

    @Test
    void shouldCompleteAnOrderWithEveryReactionActingOnce() throws Exception
    {
        final StoreHarness harness = new StoreHarness(stock());
        final TestBus bus = harness.bus();
        place(bus, order(1, 7, 500, 2, 2_500));
        bus.drainRoundRobin();

        assertEquals(List.of("InventoryReserved", "LoyaltyPointsAwarded", "OrderCompleted", "OrderPlaced",
            "PaymentCaptured", "ReceiptEmailed", "WarehouseNotified"), names(bus).stream().sorted().toList());
        assertEquals(OrderLifecycleReaction.COMPLETED, harness.store.orders().terminalState(1));
        assertEquals(50, harness.store.loyalty().balance(7));
        assertEquals(8, harness.store.inventory().available(500));
        assertEquals(1, harness.mailer.sent(1));
        assertEquals(1, harness.warehouse.requested(1));
        harness.assertInvariants(bus);
        harness.assertReplayRebuildsState(bus, stock());
    }

    @Test
    void shouldReleaseStockWhenPaymentIsDeclined() throws Exception
    {
        final StoreHarness harness = new StoreHarness(stock());
        harness.gateway.declineCustomer(66);
        final TestBus bus = harness.bus();
        place(bus, order(2, 66, 500, 3, 100));
        bus.drainRoundRobin();

        final Fact cancelled = ofType(bus, ORDER_CANCELLED).get(0);
        assertEquals(StoreSchema.REASON_PAYMENT_DECLINED, cancelled.reason());
        assertEquals(1, ofType(bus, INVENTORY_RELEASED).size());
        assertEquals(10, harness.store.inventory().available(500));
        assertTrue(ofType(bus, PAYMENT_REFUNDED).isEmpty());
        assertTrue(ofType(bus, LOYALTY_POINTS_AWARDED).isEmpty());
        assertEquals(0, harness.mailer.faults().calls());
        assertEquals(0, harness.warehouse.faults().calls());
        harness.assertInvariants(bus);
        harness.assertReplayRebuildsState(bus, stock());
    }

    @Test
    void shouldRefundAndReversePointsWhenStockRunsOut() throws Exception
    {
        final StoreHarness harness = new StoreHarness(stock());
        final TestBus bus = harness.bus();
        place(bus, order(3, 8, 500, 1, 10_000, 501, 2, 100));
        bus.drainRoundRobin();

        assertEquals(StoreSchema.REASON_OUT_OF_STOCK, ofType(bus, ORDER_CANCELLED).get(0).reason());
        assertEquals(10_200, ofType(bus, PAYMENT_REFUNDED).get(0).amount());
        assertEquals(1, ofType(bus, LOYALTY_POINTS_REVERSED).size());
        assertEquals(0, harness.store.loyalty().balance(8));
        assertEquals(1, harness.gateway.refunds(3));
        assertEquals(10, harness.store.inventory().available(500));
        assertTrue(ofType(bus, INVENTORY_RELEASED).isEmpty(), "nothing was reserved");
        assertEquals(0, harness.mailer.faults().calls());
        harness.assertInvariants(bus);
        harness.assertReplayRebuildsState(bus, stock());
    }

    @Test
    void shouldCompensateWhenCancellationOvertakesASlowCapture() throws Exception
    {
        final StoreHarness harness = new StoreHarness(stock());
        final TestBus bus = harness.bus();
        place(bus, order(4, 8, 501, 2, 300));
        // every stage but payment runs first: OutOfStock and OrderCancelled are journaled before PaymentCaptured
        for (int stage = 1; stage < 7; stage++)
        {
            while (bus.step(stage))
            {
            }
        }
        for (int stage = 1; stage < 7; stage++)
        {
            while (bus.step(stage))
            {
            }
        }
        bus.drainRoundRobin();

        assertTrue(ofType(bus, ORDER_CANCELLED).get(0).sequence() < ofType(bus, PAYMENT_CAPTURED).get(0).sequence());
        assertEquals(1, harness.gateway.refunds(4));
        assertEquals(0, harness.store.loyalty().balance(8), "a late capture earns no points");
        harness.assertInvariants(bus);
        harness.assertReplayRebuildsState(bus, stock());
    }

    @Test
    void shouldActOnceWhenTheSameOrderIsPlacedTwice() throws Exception
    {
        final StoreHarness harness = new StoreHarness(stock());
        final TestBus bus = harness.bus();
        place(bus, order(5, 7, 500, 1, 100));
        place(bus, order(5, 7, 500, 1, 100));
        bus.drainRoundRobin();

        assertEquals(1, harness.gateway.faults().calls());
        assertEquals(1, harness.mailer.faults().calls());
        assertEquals(1, harness.warehouse.faults().calls());
        assertEquals(9, harness.store.inventory().available(500));
        assertEquals(1, ofType(bus, ORDER_COMPLETED).size());
        assertEquals(1, harness.store.analytics().duplicateOrders());
        harness.assertInvariants(bus);
        harness.assertReplayRebuildsState(bus, stock());
    }

    @Test
    void shouldEndInTheSameStateWhenEveryFactIsDeliveredTwice() throws Exception
    {
        final StoreHarness once = new StoreHarness(stock());
        final StoreHarness twice = new StoreHarness(stock());
        once.gateway.declineCustomer(66);
        twice.gateway.declineCustomer(66);
        final TestBus onceBus = once.bus();
        final TestBus twiceBus = twice.bus().deliveries(2);
        for (final TestBus bus : List.of(onceBus, twiceBus))
        {
            place(bus, order(6, 7, 500, 1, 100));
            place(bus, order(7, 66, 500, 1, 100));
            place(bus, order(8, 7, 501, 5, 100));
            bus.drainRoundRobin();
        }

        assertEquals(once.store.digest(), twice.store.digest());
        assertEquals(names(onceBus), names(twiceBus));
        assertEquals(once.gateway.faults().calls(), twice.gateway.faults().calls());
        assertEquals(once.gateway.refundCalls(), twice.gateway.refundCalls());
        assertEquals(once.mailer.faults().calls(), twice.mailer.faults().calls());
        assertEquals(once.warehouse.faults().calls(), twice.warehouse.faults().calls());
        twice.assertInvariants(twiceBus);
    }

    @Test
    void shouldKeepAcceptingOrdersAndFailReceiptsWhileTheMailerIsDown() throws Exception
    {
        final StoreHarness harness = new StoreHarness(stock().emailMaxAttempts(2));
        harness.mailer.faults().down(true);
        final TestBus bus = harness.bus();
        place(bus, order(9, 7, 500, 1, 100));
        place(bus, order(10, 7, 500, 1, 100));
        harness.settle(bus);

        assertEquals(2, ofType(bus, EMAIL_FAILED).size());
        assertEquals(2, ofType(bus, ORDER_COMPLETED).size(), "orders complete without receipts");
        assertEquals(2, harness.store.analytics().emailsFailed());
        assertEquals(4, harness.mailer.faults().calls());
        harness.assertInvariants(bus);
        harness.assertReplayRebuildsState(bus, stock().emailMaxAttempts(2));
    }

    @Test
    void shouldRebuildInventoryFromJournaledStockWithoutConfiguration() throws Exception
    {
        final StoreHarness harness = new StoreHarness(new Store.Context());
        final TestBus bus = harness.bus();
        final OrderEvent receipt = new OrderEvent();
        bus.publish(STOCK_RECEIVED, 900, OrderEventCodec.ENCODER, receipt.stockReceived(900, 500, 3));
        bus.publish(STOCK_RECEIVED, 900, OrderEventCodec.ENCODER, receipt.stockReceived(900, 500, 3));
        bus.publish(STOCK_RECEIVED, 901, OrderEventCodec.ENCODER, receipt.stockReceived(901, 501, 1));
        place(bus, order(11, 7, 500, 2, 100));
        place(bus, order(12, 7, 500, 2, 100));
        bus.drainRoundRobin();

        assertEquals(4, harness.store.inventory().unitsReceived(), "a repeated receipt id counts once");
        assertEquals(1, harness.store.inventory().available(500));
        assertEquals(1, harness.store.inventory().available(501));
        assertEquals(OrderLifecycleReaction.CANCELLED, harness.store.orders().terminalState(12));
        harness.assertInvariants(bus);
        harness.assertReplayRebuildsState(bus, new Store.Context());
    }
}
