package dev.herald.store;

import org.junit.jupiter.api.Test;

import static dev.herald.store.StoreMessageTypes.*;
import static dev.herald.store.TestFacts.*;
import static org.junit.jupiter.api.Assertions.*;

class OrderLifecycleReactionTest
{
    private final OrderLifecycleReaction orders = new OrderLifecycleReaction(16);
    private final TestBus bus = new TestBus().stage(orders);

    @Test
    void shouldCompleteWhenPaidThenReserved() throws Exception
    {
        place(bus, order(1, 4, 500, 1, 700));
        announce(bus, PAYMENT_CAPTURED, 1, 4, 700, StoreSchema.REASON_NONE, 0);
        final long reserved = announce(bus, INVENTORY_RESERVED, 1, 4, 700, StoreSchema.REASON_NONE, 0);
        bus.drainRoundRobin();

        final Fact completed = ofType(bus, ORDER_COMPLETED).get(0);
        assertEquals(reserved, completed.causationId());
        assertEquals(700, completed.amount());
        assertEquals(OrderLifecycleReaction.COMPLETED, orders.terminalState(1));
    }

    @Test
    void shouldCompleteWhenReservedThenPaid() throws Exception
    {
        place(bus, order(2, 4, 500, 1, 700));
        announce(bus, INVENTORY_RESERVED, 2, 4, 700, StoreSchema.REASON_NONE, 0);
        final long paid = announce(bus, PAYMENT_CAPTURED, 2, 4, 700, StoreSchema.REASON_NONE, 0);
        announce(bus, PAYMENT_CAPTURED, 2, 4, 700, StoreSchema.REASON_NONE, 0);
        bus.drainRoundRobin();

        assertEquals(1, ofType(bus, ORDER_COMPLETED).size());
        assertEquals(paid, ofType(bus, ORDER_COMPLETED).get(0).causationId());
    }

    @Test
    void shouldCancelOnceOnTheFirstFailure() throws Exception
    {
        place(bus, order(3, 4, 500, 1, 700));
        final long outOfStock =
            announce(bus, StoreMessageTypes.OUT_OF_STOCK, 3, 4, 0, StoreSchema.REASON_OUT_OF_STOCK, 0);
        announce(bus, PAYMENT_FAILED, 3, 4, 700, StoreSchema.REASON_PAYMENT_DECLINED, 0);
        announce(bus, PAYMENT_CAPTURED, 3, 4, 700, StoreSchema.REASON_NONE, 0);
        bus.drainRoundRobin();

        assertEquals(1, ofType(bus, ORDER_CANCELLED).size());
        final Fact cancelled = ofType(bus, ORDER_CANCELLED).get(0);
        assertEquals(outOfStock, cancelled.causationId());
        assertEquals(StoreSchema.REASON_OUT_OF_STOCK, cancelled.reason());
        assertTrue(ofType(bus, ORDER_COMPLETED).isEmpty());
        assertEquals(OrderLifecycleReaction.CANCELLED, orders.terminalState(3));
    }

    @Test
    void shouldCancelWhenPaymentFailsAfterReservation() throws Exception
    {
        place(bus, order(4, 4, 500, 1, 700));
        announce(bus, INVENTORY_RESERVED, 4, 4, 700, StoreSchema.REASON_NONE, 0);
        announce(bus, PAYMENT_FAILED, 4, 4, 700, StoreSchema.REASON_PAYMENT_DECLINED, 0);
        bus.drainRoundRobin();

        assertEquals(StoreSchema.REASON_PAYMENT_DECLINED, ofType(bus, ORDER_CANCELLED).get(0).reason());
        assertEquals(1, orders.cancelled());
        assertEquals(0, orders.completed());
        assertEquals(0, orders.open());
    }

    @Test
    void shouldCountOpenOrdersUntilTheyEnd() throws Exception
    {
        place(bus, order(5, 4, 500, 1, 700));
        place(bus, order(5, 4, 500, 1, 700));
        bus.drainRoundRobin();
        assertEquals(1, orders.placed());
        assertEquals(1, orders.open());
    }
}
