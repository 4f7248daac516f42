package dev.herald.store;

import dev.herald.engine.Emitter;
import dev.herald.engine.MessageTypes;
import dev.herald.journal.RecordView;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongCounterMap;
import org.agrona.collections.LongHashSet;

import static dev.herald.store.StoreMessageTypes.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Stage {@value Store#STAGE_INVENTORY}: reserves stock per SKU for each order, all lines or none, and announces
 * {@code InventoryReserved} or {@code OutOfStock}; when a reserved order is cancelled it returns the units and
 * announces {@code InventoryReleased}.
 *
 * <p>Stock is the reaction's own state, not a remote system, so the decision is a pure function of what it knows
 * and the fact in hand: it is applied on {@code OrderPlaced} / {@code OrderCancelled} themselves, live and in
 * replay alike, and the announced fact only tells the others. That way two orders for the last unit can never both
 * be reserved, whatever is still in flight. Reserved lines are kept per order, until the order completes or is
 * released, so a cancellation releases exactly what was taken. Stock comes from {@link #stock(long, long)}
 * (configuration) and from {@code StockReceived} facts (journaled, so replay needs no configuration), each receipt
 * id applied once.
 *
 * <p>Owed after a restart ({@link #onResume}): every decision whose announcement is not in the journal, announced
 * now (an {@code OutOfStock} then reports the units on hand at the resume).
 *
 * <p>Threading: runs on its stage's thread; {@link #stock(long, long)} is configuration, called before the engine
 * starts. See {@link Reaction}.
 */
public final class InventoryReaction implements Reaction
{
    private static final MessageTypes HANDLED = MessageTypes.of(
        ORDER_PLACED, STOCK_RECEIVED, INVENTORY_RESERVED, OUT_OF_STOCK, INVENTORY_RELEASED, ORDER_CANCELLED,
        ORDER_COMPLETED);

    /** Order state: every line reserved. */
    public static final int RESERVED = 1;
    /** Order state: refused for lack of stock; nothing reserved. */
    public static final int NOT_RESERVED = 2;
    /** Order state: reserved, then released on cancellation. */
    public static final int RELEASED = 3;

    private static final long CODE_MASK = 0xFF;
    private static final long DECISION_ANNOUNCED = 1 << 8;
    private static final long RELEASE_ANNOUNCED = 1 << 9;
    private static final long TERMINAL_SEEN = 1 << 10;
    private static final int CURRENCY_SHIFT = 16;
    private static final int LINE_LENGTH = 16;

    private static final int STATE = OrderTable.STATE;
    private static final int CUSTOMER = 1;
    private static final int TOTAL = 2;
    private static final int CAUSE = 3;
    /** Reserved until completed or released: the arena reference of the lines. */
    private static final int LINES = 4;
    /** Reserved: units reserved; not reserved: units wanted of the short SKU. */
    private static final int UNITS = 5;
    private static final int RELEASE_CAUSE = 6;
    /** Not reserved: the SKU that was short. */
    private static final int SHORT_SKU = 7;
    private static final long DIGESTED_FIELDS = ~(1L << LINES);

    private final Long2LongCounterMap available;
    private final OrderTable orders;
    private final Arena lines;
    private final LongHashSet stockReceipts = new LongHashSet();
    private final OrderPlacedDecoder placed = new OrderPlacedDecoder();
    private final OrderEventCodec event = new OrderEventCodec();
    private final OrderEvent out = new OrderEvent();
    private long unitsHeld;
    private long unitsReceived;

    /**
     * @param expectedOrders pre-sizes the per-order state.
     * @param expectedSkus   pre-sizes the stock table.
     */
    public InventoryReaction(final int expectedOrders, final int expectedSkus)
    {
        this(expectedOrders, expectedSkus, Store.Context.unbounded());
    }

    InventoryReaction(final int expectedOrders, final int expectedSkus, final SettledWindow window)
    {
        available = new Long2LongCounterMap(Math.max(16, expectedSkus * 2), 0.65f, 0);
        orders = new OrderTable(8, expectedOrders, window);
        lines = new Arena(orders, LINES, Math.max(1024, expectedOrders * 2 * LINE_LENGTH));
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

    /** {@inheritDoc} The facts {@link #onMessage} acts on; the engine passes the others by. */
    @Override
    public MessageTypes messageTypes()
    {
        return HANDLED;
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
        else if (type == STOCK_RECEIVED)
        {
            event.wrap(message);
            if (event.quantity() > 0 && stockReceipts.add(message.correlationId()))
            {
                available.addAndGet(event.sku(), event.quantity());
                unitsReceived += event.quantity();
            }
        }
        else if (type == ORDER_CANCELLED || type == ORDER_COMPLETED || type == INVENTORY_RESERVED ||
            type == OUT_OF_STOCK || type == INVENTORY_RELEASED)
        {
            final int slot = orders.find(event.wrap(message).orderId());
            if (slot >= 0)
            {
                apply(slot, type, message, emitter);
                final long state = orders.get(slot, STATE);
                if ((state & (TERMINAL_SEEN | DECISION_ANNOUNCED)) == (TERMINAL_SEEN | DECISION_ANNOUNCED) &&
                    ((state & CODE_MASK) != RELEASED || (state & RELEASE_ANNOUNCED) != 0))
                {
                    orders.settle(slot, message.timestamp());
                }
            }
        }
        else
        {
            // A fact this reaction ignores: nothing to apply, and nothing to forget before the next it handles.
            return;
        }
        orders.forgetSettled(message.timestamp(), lines);
    }

    private void apply(final int slot, final int type, final RecordView message, final Emitter emitter)
    {
        final long state = orders.get(slot, STATE);
        switch (type)
        {
            case ORDER_CANCELLED:
                orders.set(slot, STATE, state | TERMINAL_SEEN);
                if ((state & CODE_MASK) == RESERVED)
                {
                    release(slot, message, emitter);
                }
                break;
            case ORDER_COMPLETED:
                orders.set(slot, STATE, state | TERMINAL_SEEN);
                if ((state & CODE_MASK) == RESERVED)
                {
                    // Shipped: the reserved units are gone for good and the lines are no longer needed.
                    lines.free(orders.get(slot, LINES));
                    orders.set(slot, LINES, 0);
                }
                break;
            case INVENTORY_RESERVED:
            case OUT_OF_STOCK:
                orders.set(slot, STATE, state | DECISION_ANNOUNCED);
                break;
            case INVENTORY_RELEASED:
                orders.set(slot, STATE, state | RELEASE_ANNOUNCED);
                break;
            default:
                break;
        }
    }

    /** {@inheritDoc} Announces every decision whose announcement is not in the journal. */
    @Override
    public void onResume(final Emitter emitter)
    {
        for (int slot = 0, n = orders.capacity(); slot < n; slot++)
        {
            final long orderId = orders.orderIdAt(slot);
            if (orderId == 0)
            {
                continue;
            }
            final long state = orders.get(slot, STATE);
            final int code = (int)(state & CODE_MASK);
            if ((state & DECISION_ANNOUNCED) == 0)
            {
                if (code == NOT_RESERVED)
                {
                    announceOutOfStock(orderId, orders.get(slot, CUSTOMER), orders.get(slot, SHORT_SKU),
                        (int)orders.get(slot, UNITS), orders.get(slot, CAUSE), emitter);
                }
                else if (code == RESERVED || code == RELEASED)
                {
                    announceReserved(orderId, slot, orders.get(slot, CAUSE), emitter);
                }
            }
            if (code == RELEASED && (state & RELEASE_ANNOUNCED) == 0)
            {
                announceReleased(orderId, orders.get(slot, CUSTOMER), orders.get(slot, UNITS),
                    orders.get(slot, RELEASE_CAUSE), emitter);
            }
        }
    }

    private void onOrderPlaced(final RecordView message, final Emitter emitter)
    {
        placed.wrap(message);
        final long orderId = placed.orderId();
        final int slot = orders.insert(orderId);
        if (slot < 0 || orders.get(slot, STATE) != 0)
        {
            return;
        }
        final int itemCount = placed.itemCount();
        int reserved = 0;
        while (reserved < itemCount)
        {
            final long sku = placed.sku(reserved);
            if (available.get(sku) < placed.quantity(reserved))
            {
                break;
            }
            available.addAndGet(sku, -placed.quantity(reserved));
            reserved++;
        }
        orders.set(slot, CUSTOMER, placed.customerId());
        orders.set(slot, TOTAL, placed.total());
        orders.set(slot, CAUSE, message.sequence());
        final long currencyBits = (placed.currency() & 0xFFFFL) << CURRENCY_SHIFT;
        final boolean live = !emitter.isReplay();
        if (reserved < itemCount)
        {
            for (int i = 0; i < reserved; i++)
            {
                available.addAndGet(placed.sku(i), placed.quantity(i));
            }
            orders.set(slot, STATE, NOT_RESERVED | currencyBits);
            orders.set(slot, SHORT_SKU, placed.sku(reserved));
            orders.set(slot, UNITS, placed.quantity(reserved));
            if (live)
            {
                announceOutOfStock(orderId, placed.customerId(), placed.sku(reserved), placed.quantity(reserved),
                    message.sequence(), emitter);
            }
            return;
        }
        final long ref = lines.allocate(itemCount * LINE_LENGTH);
        final MutableDirectBuffer buffer = lines.buffer();
        final int start = Arena.offset(ref);
        long units = 0;
        for (int i = 0; i < itemCount; i++)
        {
            buffer.putLong(start + i * LINE_LENGTH, placed.sku(i), LITTLE_ENDIAN);
            buffer.putLong(start + i * LINE_LENGTH + Long.BYTES, placed.quantity(i), LITTLE_ENDIAN);
            units += placed.quantity(i);
        }
        orders.set(slot, LINES, ref);
        orders.set(slot, STATE, RESERVED | currencyBits);
        orders.set(slot, UNITS, units);
        unitsHeld += units;
        if (live)
        {
            announceReserved(orderId, slot, message.sequence(), emitter);
        }
    }

    private void release(final int slot, final RecordView message, final Emitter emitter)
    {
        final long ref = orders.get(slot, LINES);
        final int start = Arena.offset(ref);
        final int lineCount = Arena.length(ref) / LINE_LENGTH;
        long units = 0;
        for (int i = 0; i < lineCount; i++)
        {
            final long sku = lines.readBuffer().getLong(start + i * LINE_LENGTH, LITTLE_ENDIAN);
            final long quantity = lines.readBuffer().getLong(start + i * LINE_LENGTH + Long.BYTES, LITTLE_ENDIAN);
            available.addAndGet(sku, quantity);
            units += quantity;
        }
        lines.free(ref);
        orders.set(slot, LINES, 0);
        unitsHeld -= units;
        orders.set(slot, STATE, (orders.get(slot, STATE) & ~CODE_MASK) | RELEASED);
        orders.set(slot, RELEASE_CAUSE, message.sequence());
        if (!emitter.isReplay())
        {
            announceReleased(orders.orderIdAt(slot), event.customerId(), units, message.sequence(), emitter);
        }
    }

    private void announceReserved(final long orderId, final int slot, final long causation, final Emitter emitter)
    {
        final short currency = (short)(orders.get(slot, STATE) >>> CURRENCY_SHIFT);
        out.reset(orderId, orders.get(slot, CUSTOMER)).amount(orders.get(slot, TOTAL), currency)
            .item(0, (int)Math.min(Integer.MAX_VALUE, orders.get(slot, UNITS)));
        emitter.emit(INVENTORY_RESERVED, StoreSchema.SCHEMA_VERSION, orderId, causation, OrderEventCodec.ENCODER, out);
    }

    private void announceOutOfStock(
        final long orderId,
        final long customerId,
        final long shortSku,
        final int wanted,
        final long causation,
        final Emitter emitter)
    {
        out.reset(orderId, customerId).amount(available.get(shortSku), (short)0).item(shortSku, wanted)
            .reason(StoreSchema.REASON_OUT_OF_STOCK);
        emitter.emit(OUT_OF_STOCK, StoreSchema.SCHEMA_VERSION, orderId, causation, OrderEventCodec.ENCODER, out);
    }

    private void announceReleased(
        final long orderId, final long customerId, final long units, final long causation, final Emitter emitter)
    {
        out.reset(orderId, customerId).item(0, (int)Math.min(Integer.MAX_VALUE, units));
        emitter.emit(INVENTORY_RELEASED, StoreSchema.SCHEMA_VERSION, orderId, causation, OrderEventCodec.ENCODER, out);
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
     * @return its state constant, or 0 when unknown (never placed, or forgotten after the window).
     */
    public int state(final long orderId)
    {
        final int slot = orders.find(orderId);
        return slot < 0 ? 0 : (int)(orders.get(slot, STATE) & CODE_MASK);
    }

    /** {@inheritDoc} */
    @Override
    public long digest()
    {
        final long digest = Digests.combine(Digests.combine(Digests.of(available), orders.digest(DIGESTED_FIELDS)),
            unitsHeld);
        return Digests.combine(Digests.combine(digest, Digests.of(stockReceipts)), unitsReceived);
    }

    /** {@inheritDoc} */
    @Override
    public int takeSnapshot(final MutableDirectBuffer buffer)
    {
        return new SnapshotCodec.Writer().wrap(buffer).putCounters(available).putTable(orders).putArena(lines).putSet(stockReceipts)
            .putLong(unitsHeld).putLong(unitsReceived).length();
    }

    /** {@inheritDoc} */
    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length, final int version)
    {
        final SnapshotCodec.Reader reader = new SnapshotCodec.Reader().wrap(buffer, offset, length, version);
        reader.getCounters(available);
        reader.getTable(orders);
        reader.getArena(lines);
        reader.getSet(stockReceipts);
        unitsHeld = reader.getLong();
        unitsReceived = reader.getLong();
        reader.end();
    }
}
