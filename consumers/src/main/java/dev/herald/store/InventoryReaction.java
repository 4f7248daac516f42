package dev.herald.store;

import dev.herald.engine.Emitter;
import dev.herald.journal.RecordView;
import org.agrona.collections.Long2LongCounterMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;

import java.util.Arrays;

import static dev.herald.store.StoreMessageTypes.*;

/**
 * Stage {@value Store#STAGE_INVENTORY}: reserves stock per SKU for each order, all lines or none, and announces
 * {@code InventoryReserved} or {@code OutOfStock}; when a reserved order is cancelled it returns the units and
 * announces {@code InventoryReleased}.
 *
 * <p>Stock is the reaction's own state, not a remote system, so the decision is a pure function of what it knows
 * and the fact in hand: it is applied on {@code OrderPlaced} / {@code OrderCancelled} themselves, live and in
 * replay alike, and the announced fact only tells the others. That way two orders for the last unit can never both
 * be reserved, whatever is still in flight. Reserved lines are kept per order (an append-only arena of
 * {@code (sku, quantity)} pairs) so a cancellation releases exactly what was taken. Stock comes from
 * {@link #stock(long, long)} (configuration) and from {@code StockReceived} facts (journaled, so replay needs no
 * configuration), each receipt id applied once.
 *
 * <p>Threading: runs on its stage's thread; {@link #stock(long, long)} is configuration, called before the engine
 * starts. See {@link Reaction}.
 */
public final class InventoryReaction implements Reaction
{
    /** Order state: every line reserved. */
    public static final int RESERVED = 1;
    /** Order state: refused for lack of stock; nothing reserved. */
    public static final int NOT_RESERVED = 2;
    /** Order state: reserved, then released on cancellation. */
    public static final int RELEASED = 3;

    private final Long2LongCounterMap available;
    private final Long2LongHashMap orderStates;
    private final Long2LongHashMap reservations;
    private final LongHashSet stockReceipts = new LongHashSet();
    private final OrderPlacedCodec placed = new OrderPlacedCodec();
    private final OrderEventCodec event = new OrderEventCodec();
    private final OrderEvent out = new OrderEvent();
    private long[] arena;
    private int arenaSize;
    private long unitsHeld;
    private long unitsReceived;

    /**
     * @param expectedOrders pre-sizes the per-order state.
     * @param expectedSkus   pre-sizes the stock table.
     */
    public InventoryReaction(final int expectedOrders, final int expectedSkus)
    {
        available = new Long2LongCounterMap(Math.max(16, expectedSkus * 2), 0.65f, 0);
        orderStates = new Long2LongHashMap(Math.max(16, expectedOrders * 2), 0.65f, 0);
        reservations = new Long2LongHashMap(Math.max(16, expectedOrders * 2), 0.65f, -1);
        arena = new long[Math.max(64, expectedOrders * 8)];
    }

    /**
     * Set a SKU's stock: configuration, before the first message.
     *
     * @param sku   stock keeping unit.
     * @param units on hand, not negative.
     * @return this for a fluent API.
     */
    public InventoryReaction stock(final long sku, final long units)
    {
        if (units < 0)
        {
            throw new IllegalArgumentException("invalid units=" + units + " for sku=" + sku + ", must not be negative");
        }
        Digests.set(available, sku, units);
        return this;
    }

    /** {@inheritDoc} */
    @Override
    public String stageName()
    {
        return Store.STAGE_INVENTORY;
    }

    /** {@inheritDoc} */
    @Override
    public void onMessage(final RecordView message, final Emitter emitter)
    {
        final int type = message.messageType();
        if (type == ORDER_PLACED)
        {
            onOrderPlaced(message, emitter);
        }
        else if (type == ORDER_CANCELLED)
        {
            onOrderCancelled(message, emitter);
        }
        else if (type == STOCK_RECEIVED)
        {
            event.wrap(message);
            if (event.quantity() > 0 && stockReceipts.add(message.correlationId()))
            {
                available.addAndGet(event.sku(), event.quantity());
                unitsReceived += event.quantity();
            }
        }
    }

    private void onOrderPlaced(final RecordView message, final Emitter emitter)
    {
        placed.wrap(message);
        final long orderId = placed.orderId();
        if (orderStates.get(orderId) != 0)
        {
            return;
        }
        final int itemCount = placed.itemCount();
        int reserved = 0;
        while (reserved < itemCount)
        {
            final long sku = placed.sku(reserved);
            final long units = available.get(sku);
            if (units < placed.quantity(reserved))
            {
                break;
            }
            available.addAndGet(sku, -placed.quantity(reserved));
            reserved++;
        }
        final boolean live = !emitter.isReplay();
        if (reserved < itemCount)
        {
            final long shortSku = placed.sku(reserved);
            final int wanted = placed.quantity(reserved);
            final long onHand = available.get(shortSku);
            for (int i = 0; i < reserved; i++)
            {
                available.addAndGet(placed.sku(i), placed.quantity(i));
            }
            orderStates.put(orderId, NOT_RESERVED);
            if (live)
            {
                out.reset(orderId, placed.customerId()).amount(onHand, (short)0).item(shortSku, wanted)
                    .reason(StoreSchema.REASON_OUT_OF_STOCK);
                emitter.emit(StoreMessageTypes.OUT_OF_STOCK, StoreSchema.SCHEMA_VERSION, OrderEventCodec.ENCODER, out);
            }
            return;
        }
        ensureArena(itemCount * 2);
        final int start = arenaSize;
        long units = 0;
        for (int i = 0; i < itemCount; i++)
        {
            arena[arenaSize++] = placed.sku(i);
            arena[arenaSize++] = placed.quantity(i);
            units += placed.quantity(i);
        }
        reservations.put(orderId, ((long)start << 16) | itemCount);
        orderStates.put(orderId, RESERVED);
        unitsHeld += units;
        if (live)
        {
            out.reset(orderId, placed.customerId()).amount(placed.total(), placed.currency())
                .item(0, (int)Math.min(Integer.MAX_VALUE, units));
            emitter.emit(INVENTORY_RESERVED, StoreSchema.SCHEMA_VERSION, OrderEventCodec.ENCODER, out);
        }
    }

    private void onOrderCancelled(final RecordView message, final Emitter emitter)
    {
        event.wrap(message);
        final long orderId = event.orderId();
        if (orderStates.get(orderId) != RESERVED)
        {
            return;
        }
        final long ref = reservations.get(orderId);
        final int start = (int)(ref >>> 16);
        final int itemCount = (int)(ref & 0xFFFF);
        long units = 0;
        for (int i = 0; i < itemCount; i++)
        {
            final long sku = arena[start + 2 * i];
            final long quantity = arena[start + 2 * i + 1];
            available.addAndGet(sku, quantity);
            units += quantity;
        }
        unitsHeld -= units;
        orderStates.put(orderId, RELEASED);
        if (!emitter.isReplay())
        {
            out.reset(orderId, event.customerId()).item(0, (int)Math.min(Integer.MAX_VALUE, units));
            emitter.emit(INVENTORY_RELEASED, StoreSchema.SCHEMA_VERSION, OrderEventCodec.ENCODER, out);
        }
    }

    private void ensureArena(final int more)
    {
        if (arenaSize + more > arena.length)
        {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaSize + more));
        }
    }

    /**
     * @param sku a SKU.
     * @return units available.
     */
    public long available(final long sku)
    {
        return available.get(sku);
    }

    /** @return units available over all SKUs. */
    public long totalAvailable()
    {
        final long[] sum = { 0 };
        available.forEach((sku, units) -> sum[0] += units);
        return sum[0];
    }

    /** @return units added by StockReceived facts (each receipt id counted once). */
    public long unitsReceived()
    {
        return unitsReceived;
    }

    /** @return units reserved by orders that were not released. */
    public long unitsHeld()
    {
        return unitsHeld;
    }

    /**
     * @param orderId an order.
     * @return its state constant, or 0 when unknown.
     */
    public int state(final long orderId)
    {
        return (int)orderStates.get(orderId);
    }

    /** {@inheritDoc} */
    @Override
    public long digest()
    {
        final long digest = Digests.combine(Digests.combine(Digests.of(available), Digests.of(orderStates)), unitsHeld);
        return Digests.combine(Digests.combine(digest, Digests.of(stockReceipts)), unitsReceived);
    }
}
