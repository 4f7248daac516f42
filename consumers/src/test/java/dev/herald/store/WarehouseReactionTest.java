package dev.herald.store;

import org.junit.jupiter.api.Test;

import static dev.herald.store.StoreMessageTypes.*;
import static dev.herald.store.TestFacts.*;
import static org.junit.jupiter.api.Assertions.*;

class WarehouseReactionTest
{
    private final InMemoryWarehouseClient client = new InMemoryWarehouseClient();
    private final ManualClock clock = new ManualClock();
    private final WarehouseReaction warehouse = new WarehouseReaction(client, 16, clock);
    private final TestBus bus = new TestBus().stage(warehouse);

    @Test
    void shouldNotifyOnceWhenPaidThenReserved() throws Exception
    {
        place(bus, order(1, 5, 1001, 1, 100));
        announce(bus, PAYMENT_CAPTURED, 1, 5, 100, StoreSchema.REASON_NONE, 0);
        assertEquals(0, client.requested());
        final long reserved = announce(bus, INVENTORY_RESERVED, 1, 5, 100, StoreSchema.REASON_NONE, 0);
        announce(bus, INVENTORY_RESERVED, 1, 5, 100, StoreSchema.REASON_NONE, 0);
        bus.drainRoundRobin();

        assertEquals(1, client.requested(1));
        assertEquals(reserved, ofType(bus, WAREHOUSE_NOTIFIED).get(0).causationId());
        assertEquals(WarehouseReaction.PAID | WarehouseReaction.RESERVED | WarehouseReaction.REQUESTED |
            WarehouseReaction.NOTIFIED, warehouse.state(1));
    }

    @Test
    void shouldNotifyWhenReservedThenPaid() throws Exception
    {
        place(bus, order(2, 5, 1001, 1, 100));
        announce(bus, INVENTORY_RESERVED, 2, 5, 100, StoreSchema.REASON_NONE, 0);
        final long paid = announce(bus, PAYMENT_CAPTURED, 2, 5, 100, StoreSchema.REASON_NONE, 0);
        bus.drainRoundRobin();

        assertEquals(1, client.requested(2));
        assertEquals(paid, ofType(bus, WAREHOUSE_NOTIFIED).get(0).causationId());
    }

    @Test
    void shouldNotShipACancelledOrder() throws Exception
    {
        place(bus, order(3, 5, 1001, 1, 100));
        announce(bus, INVENTORY_RESERVED, 3, 5, 100, StoreSchema.REASON_NONE, 0);
        announce(bus, ORDER_CANCELLED, 3, 5, 0, StoreSchema.REASON_PAYMENT_DECLINED, 0);
        announce(bus, PAYMENT_CAPTURED, 3, 5, 100, StoreSchema.REASON_NONE, 0);
        bus.drainRoundRobin();

        assertEquals(0, client.faults().calls());
    }

    @Test
    void shouldRetryUntilTheWarehouseIsBack() throws Exception
    {
        place(bus, order(4, 5, 1001, 1, 100));
        client.faults().down(true);
        announce(bus, INVENTORY_RESERVED, 4, 5, 100, StoreSchema.REASON_NONE, 0);
        announce(bus, PAYMENT_CAPTURED, 4, 5, 100, StoreSchema.REASON_NONE, 0);
        bus.drainRoundRobin();
        for (int i = 0; i < 5; i++)
        {
            clock.advanceMs(100);
            bus.idle(0);
        }
        assertEquals(1, warehouse.retriesPending());
        assertTrue(ofType(bus, WAREHOUSE_NOTIFIED).isEmpty());

        client.faults().down(false);
        clock.advanceMs(1000);
        bus.idle(0);
        bus.drainRoundRobin();

        assertEquals(1, client.requested(4));
        assertEquals(0, warehouse.retriesPending());
        assertEquals(7, ofType(bus, WAREHOUSE_NOTIFIED).get(0).attempt());
    }
}
