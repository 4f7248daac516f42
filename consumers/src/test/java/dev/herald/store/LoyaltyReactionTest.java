package dev.herald.store;

import org.junit.jupiter.api.Test;

import static dev.herald.store.StoreMessageTypes.*;
import static dev.herald.store.TestFacts.*;
import static org.junit.jupiter.api.Assertions.*;

class LoyaltyReactionTest
{
    private final LoyaltyReaction loyalty = new LoyaltyReaction(16, 16);
    private final TestBus bus = new TestBus().stage(loyalty);

    @Test
    void shouldAwardPointsOnCaptureOnce() throws Exception
    {
        place(bus, order(1, 7, 1001, 1, 100));
        final long captured = announce(bus, PAYMENT_CAPTURED, 1, 7, 12_345, StoreSchema.REASON_NONE, 0);
        announce(bus, PAYMENT_CAPTURED, 1, 7, 12_345, StoreSchema.REASON_NONE, 0);
        bus.drainRoundRobin();

        assertEquals(123, loyalty.balance(7));
        final Fact awarded = ofType(bus, LOYALTY_POINTS_AWARDED).get(0);
        assertEquals(1, ofType(bus, LOYALTY_POINTS_AWARDED).size());
        assertEquals(123, awarded.amount());
        assertEquals(captured, awarded.causationId());
    }

    @Test
    void shouldReversePointsOnCancellation() throws Exception
    {
        place(bus, order(2, 7, 1001, 1, 100));
        place(bus, order(3, 7, 1001, 1, 100));
        announce(bus, PAYMENT_CAPTURED, 2, 7, 10_000, StoreSchema.REASON_NONE, 0);
        announce(bus, PAYMENT_CAPTURED, 3, 7, 500, StoreSchema.REASON_NONE, 0);
        final long cancel = announce(bus, ORDER_CANCELLED, 2, 7, 0, StoreSchema.REASON_OUT_OF_STOCK, 0);
        announce(bus, ORDER_CANCELLED, 2, 7, 0, StoreSchema.REASON_OUT_OF_STOCK, 0);
        bus.drainRoundRobin();

        assertEquals(5, loyalty.balance(7));
        assertEquals(5, loyalty.pointsOutstanding());
        assertEquals(1, ofType(bus, LOYALTY_POINTS_REVERSED).size());
        assertEquals(cancel, ofType(bus, LOYALTY_POINTS_REVERSED).get(0).causationId());
        assertEquals(LoyaltyReaction.REVERSED, loyalty.state(2));
    }

    @Test
    void shouldNotAwardACaptureThatArrivesAfterCancellation() throws Exception
    {
        place(bus, order(4, 7, 1001, 1, 100));
        announce(bus, ORDER_CANCELLED, 4, 7, 0, StoreSchema.REASON_OUT_OF_STOCK, 0);
        announce(bus, PAYMENT_CAPTURED, 4, 7, 10_000, StoreSchema.REASON_NONE, 0);
        bus.drainRoundRobin();

        assertEquals(0, loyalty.balance(7));
        assertTrue(ofType(bus, LOYALTY_POINTS_AWARDED).isEmpty());
        assertEquals(LoyaltyReaction.CANCELLED, loyalty.state(4));
    }
}
