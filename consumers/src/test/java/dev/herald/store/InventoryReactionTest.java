package dev.herald.store;

import org.junit.jupiter.api.Test;

import static dev.herald.store.StoreMessageTypes.*;
import static dev.herald.store.TestFacts.*;
import static org.junit.jupiter.api.Assertions.*;

class InventoryReactionTest
{
    private final InventoryReaction inventory = new InventoryReaction(16, 16).stock(500, 5).stock(501, 1);
    private final TestBus bus = new TestBus().stage(inventory);

    @Test
    void shouldReserveEveryLineAndAnnounceInventoryReserved() throws Exception
    {
        final long placed = place(bus, order(1, 9, 500, 2, 100, 501, 1, 50));
        bus.drainRoundRobin();

        final Fact reserved = ofType(bus, INVENTORY_RESERVED).get(0);
        assertEquals(placed, reserved.causationId());
        assertEquals(3, reserved.quantity());
        assertEquals(250, reserved.amount());
        assertEquals(3, inventory.available(500));
        assertEquals(0, inventory.available(501));
        assertEquals(3, inventory.unitsHeld());
        assertEquals(InventoryReaction.RESERVED, inventory.state(1));
    }

    @Test
    void shouldReserveNothingWhenOneLineIsShort() throws Exception
    {
        place(bus, order(2, 9, 500, 2, 100, 501, 2, 50));
        bus.drainRoundRobin();

        final Fact outOfStock = ofType(bus, OUT_OF_STOCK).get(0);
        assertEquals(501, outOfStock.sku());
        assertEquals(2, outOfStock.quantity());
        assertEquals(1, outOfStock.amount(), "units on hand");
        assertEquals(StoreSchema.REASON_OUT_OF_STOCK, outOfStock.reason());
        assertEquals(5, inventory.available(500), "first line rolled back");
        assertEquals(1, inventory.available(501));
        assertEquals(0, inventory.unitsHeld());
        assertTrue(ofType(bus, INVENTORY_RESERVED).isEmpty());
    }

    @Test
    void shouldGiveTheLastUnitToTheFirstOrderOnly() throws Exception
    {
        place(bus, order(3, 9, 501, 1, 50));
        place(bus, order(4, 8, 501, 1, 50));
        bus.drainRoundRobin();

        assertEquals(InventoryReaction.RESERVED, inventory.state(3));
        assertEquals(InventoryReaction.NOT_RESERVED, inventory.state(4));
        assertEquals(1, ofType(bus, OUT_OF_STOCK).size());
    }

    @Test
    void shouldReleaseReservationOnceWhenOrderIsCancelled() throws Exception
    {
        place(bus, order(5, 9, 500, 4, 100));
        bus.drainRoundRobin();
        final long cancel = announce(bus, ORDER_CANCELLED, 5, 9, 0, StoreSchema.REASON_PAYMENT_DECLINED, 0);
        announce(bus, ORDER_CANCELLED, 5, 9, 0, StoreSchema.REASON_PAYMENT_DECLINED, 0);
        bus.drainRoundRobin();

        final Fact released = ofType(bus, INVENTORY_RELEASED).get(0);
        assertEquals(1, ofType(bus, INVENTORY_RELEASED).size());
        assertEquals(cancel, released.causationId());
        assertEquals(4, released.quantity());
        assertEquals(5, inventory.available(500));
        assertEquals(0, inventory.unitsHeld());
        assertEquals(InventoryReaction.RELEASED, inventory.state(5));
    }

    @Test
    void shouldNotReleaseWhatWasNeverReserved() throws Exception
    {
        place(bus, order(6, 9, 501, 3, 100));
        bus.drainRoundRobin();
        announce(bus, ORDER_CANCELLED, 6, 9, 0, StoreSchema.REASON_OUT_OF_STOCK, 0);
        bus.drainRoundRobin();

        assertTrue(ofType(bus, INVENTORY_RELEASED).isEmpty());
        assertEquals(1, inventory.available(501));
    }

    @Test
    void shouldReserveOnceWhenEveryFactIsDeliveredTwice() throws Exception
    {
        final TestBus twice = new TestBus().deliveries(2).stage(inventory);
        place(twice, order(7, 9, 500, 2, 100));
        place(twice, order(7, 9, 500, 2, 100));
        twice.drainRoundRobin();

        assertEquals(3, inventory.available(500));
        assertEquals(1, ofType(twice, INVENTORY_RESERVED).size());
    }

    @Test
    void shouldRebuildStockInReplay() throws Exception
    {
        place(bus, order(8, 9, 500, 2, 100));
        place(bus, order(9, 9, 501, 2, 100));
        bus.drainRoundRobin();
        announce(bus, ORDER_CANCELLED, 8, 9, 0, StoreSchema.REASON_PAYMENT_DECLINED, 0);
        bus.drainRoundRobin();

        final InventoryReaction fresh = new InventoryReaction(4, 4).stock(500, 5).stock(501, 1);
        bus.replayInto(fresh);
        assertEquals(inventory.digest(), fresh.digest());
        assertEquals(5, fresh.available(500));
    }
}
