package dev.herald.store;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static dev.herald.store.StoreMessageTypes.*;
import static dev.herald.store.TestFacts.*;
import static org.junit.jupiter.api.Assertions.*;

class AnalyticsReactionTest
{
    private final AnalyticsReaction analytics = new AnalyticsReaction(16, 16);
    private final TestBus bus = new TestBus().tickNs(1_000_000).stage(analytics);

    @Test
    void shouldCountOrdersRevenueUnitsAndCancellations() throws Exception
    {
        place(bus, order(1, 5, 500, 2, 100, 501, 1, 50));
        place(bus, order(1, 5, 500, 2, 100, 501, 1, 50));
        place(bus, order(2, 6, 500, 3, 100));
        announce(bus, ORDER_COMPLETED, 1, 5, 250, StoreSchema.REASON_NONE, 0);
        announce(bus, ORDER_COMPLETED, 1, 5, 250, StoreSchema.REASON_NONE, 0);
        announce(bus, ORDER_CANCELLED, 2, 6, 0, StoreSchema.REASON_OUT_OF_STOCK, 0);
        bus.drainRoundRobin();

        assertEquals(2, analytics.orders());
        assertEquals(1, analytics.duplicateOrders());
        assertEquals(250, analytics.revenue(StoreSchema.EUR));
        assertEquals(0, analytics.revenue(StoreSchema.USD));
        assertEquals(5, analytics.unitsOrdered(500));
        assertEquals(1, analytics.unitsOrdered(501));
        assertEquals(1, analytics.completed());
        assertEquals(1, analytics.cancelled());
        assertEquals(1, analytics.cancellations(StoreSchema.REASON_OUT_OF_STOCK));
    }

    @Test
    void shouldMeasurePlacedToReceiptFromHeaderTimestamps() throws Exception
    {
        place(bus, order(3, 5, 500, 1, 100));
        announce(bus, ORDER_COMPLETED, 3, 5, 100, StoreSchema.REASON_NONE, 0);
        announce(bus, RECEIPT_EMAILED, 3, 5, 100, StoreSchema.REASON_NONE, 0);
        announce(bus, RECEIPT_EMAILED, 3, 5, 100, StoreSchema.REASON_NONE, 0);
        announce(bus, EMAIL_FAILED, 4, 5, 100, StoreSchema.REASON_MAILER_UNAVAILABLE, 0);
        bus.drainRoundRobin();

        final Histogram latency = analytics.copyReceiptLatency();
        assertEquals(1, latency.getTotalCount());
        assertEquals(2_000_000, latency.getMaxValue(), 2_000_000 / 500);
        assertEquals(1, analytics.receipts());
        assertEquals(1, analytics.emailsFailed());
    }

    @Test
    void shouldDigestTheSameInReplay() throws Exception
    {
        place(bus, order(5, 5, 500, 1, 100));
        announce(bus, ORDER_COMPLETED, 5, 5, 100, StoreSchema.REASON_NONE, 0);
        announce(bus, RECEIPT_EMAILED, 5, 5, 100, StoreSchema.REASON_NONE, 0);
        bus.drainRoundRobin();
        final AnalyticsReaction fresh = new AnalyticsReaction(1, 1);
        bus.replayInto(fresh);
        assertEquals(analytics.digest(), fresh.digest());
        assertNotEquals(analytics.digest(), new AnalyticsReaction(1, 1).digest());
    }
}
