package dev.herald.store;

import dev.herald.engine.Emitter;
import dev.herald.engine.MessageTypes;
import dev.herald.journal.RecordView;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static dev.herald.store.StoreMessageTypes.*;

/**
 * Stage {@value Store#STAGE_ORDERS}: decides each order's single terminal state. It joins the outcomes of payment
 * and inventory by order id, in whichever order they arrive: both successes announce {@code OrderCompleted}; the
 * first failure ({@code PaymentFailed} or {@code OutOfStock}) announces {@code OrderCancelled} with its reason,
 * exactly once, and every reaction that already acted compensates on it. Facts arriving after the terminal state
 * change nothing here (a late {@code PaymentCaptured} of a cancelled order is the payment stage's to refund), and
 * facts about an order it does not hold (never placed, or forgotten after the window) are ignored.
 *
 * <p>The decision is a pure function of facts, so it is applied on the deciding fact, live and in replay.
 * Receipts wait for {@code OrderCompleted}, not just a capture, so no receipt is sent for an order about to be
 * cancelled. Owed after a restart ({@link #onResume}): a terminal state decided whose announcement is not in the
 * journal.
 *
 * <p>Threading: runs on its stage's thread; see {@link Reaction}.
 */
public final class OrderLifecycleReaction implements Reaction
{
    private static final MessageTypes HANDLED = MessageTypes.of(
        ORDER_PLACED, PAYMENT_CAPTURED, PAYMENT_FAILED, INVENTORY_RESERVED, OUT_OF_STOCK, ORDER_CANCELLED,
        ORDER_COMPLETED);

    /** State bit: OrderPlaced seen. */
    public static final int PLACED = 1;
    /** State bit: PaymentCaptured seen. */
    public static final int PAID = 2;
    /** State bit: InventoryReserved seen. */
    public static final int RESERVED = 4;
    /** Terminal state bit: completed. */
    public static final int COMPLETED = 8;
    /** Terminal state bit: cancelled. */
    public static final int CANCELLED = 16;

    private static final int TERMINAL = COMPLETED | CANCELLED;
    private static final long ANNOUNCED = 1 << 5;
    private static final int REASON_SHIFT = 8;
    private static final int CURRENCY_SHIFT = 16;

    private static final int STATE = OrderTable.STATE;
    private static final int CUSTOMER = 1;
    private static final int AMOUNT = 2;
    private static final int CAUSE = 3;

    private final OrderTable orders;
    private final OrderEventCodec event = new OrderEventCodec();
    private final OrderPlacedDecoder placed = new OrderPlacedDecoder();
    private final OrderEvent out = new OrderEvent();
    private long placedCount;
    private long completedCount;
    private long cancelledCount;

    /** @param expectedOrders pre-sizes the state. */
    public OrderLifecycleReaction(final int expectedOrders)
    {
        this(expectedOrders, Store.Context.unbounded());
    }

    OrderLifecycleReaction(final int expectedOrders, final SettledWindow window)
    {
        orders = new OrderTable(4, expectedOrders, window);
    }

    /** {@inheritDoc} */
    @Override
    public String stageName()
    {
        return Store.STAGE_ORDERS;
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
            final int slot = orders.insert(placed.wrap(message).orderId());
            if (slot >= 0 && (orders.get(slot, STATE) & PLACED) == 0)
            {
                orders.set(slot, STATE, PLACED);
                orders.set(slot, CUSTOMER, placed.customerId());
                placedCount++;
            }
        }
        else if (type == PAYMENT_CAPTURED || type == INVENTORY_RESERVED || type == PAYMENT_FAILED ||
            type == OUT_OF_STOCK || type == ORDER_COMPLETED || type == ORDER_CANCELLED)
        {
            final int slot = orders.find(event.wrap(message).orderId());
            if (slot >= 0)
            {
                apply(slot, type, message, emitter);
                if ((orders.get(slot, STATE) & ANNOUNCED) != 0)
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
        orders.forgetSettled(message.timestamp(), null);
    }

    private void apply(final int slot, final int type, final RecordView message, final Emitter emitter)
    {
        final long state = orders.get(slot, STATE);
        if (type == ORDER_COMPLETED || type == ORDER_CANCELLED)
        {
            if ((state & TERMINAL) != 0)
            {
                orders.set(slot, STATE, state | ANNOUNCED);
            }
            return;
        }
        if ((state & TERMINAL) != 0)
        {
            return;
        }
        orders.set(slot, CAUSE, message.sequence());
        if (type == PAYMENT_FAILED || type == OUT_OF_STOCK)
        {
            orders.set(slot, STATE, state | CANCELLED | ((event.reason() & 0xFFL) << REASON_SHIFT));
            cancelledCount++;
            if (!emitter.isReplay())
            {
                announce(slot, emitter);
            }
            return;
        }
        final long bit = type == PAYMENT_CAPTURED ? PAID : RESERVED;
        long next = state | bit;
        if ((next & (PAID | RESERVED)) == (PAID | RESERVED))
        {
            next |= COMPLETED | ((event.currency() & 0xFFFFL) << CURRENCY_SHIFT);
            orders.set(slot, AMOUNT, event.amount());
            completedCount++;
        }
        orders.set(slot, STATE, next);
        if ((next & COMPLETED) != 0 && !emitter.isReplay())
        {
            announce(slot, emitter);
        }
    }

    /** {@inheritDoc} Announces terminal states decided whose announcement is not in the journal. */
    @Override
    public void onResume(final Emitter emitter)
    {
        for (int slot = 0, n = orders.capacity(); slot < n; slot++)
        {
            if (orders.orderIdAt(slot) != 0 &&
                (orders.get(slot, STATE) & TERMINAL) != 0 && (orders.get(slot, STATE) & ANNOUNCED) == 0)
            {
                announce(slot, emitter);
            }
        }
    }

    private void announce(final int slot, final Emitter emitter)
    {
        final long orderId = orders.orderIdAt(slot);
        final long state = orders.get(slot, STATE);
        out.reset(orderId, orders.get(slot, CUSTOMER));
        if ((state & COMPLETED) != 0)
        {
            out.amount(orders.get(slot, AMOUNT), (short)(state >>> CURRENCY_SHIFT));
            emitter.emit(ORDER_COMPLETED, StoreSchema.SCHEMA_VERSION, orderId, orders.get(slot, CAUSE),
                OrderEventCodec.ENCODER, out);
        }
        else
        {
            out.reason((short)((state >>> REASON_SHIFT) & 0xFF));
            emitter.emit(ORDER_CANCELLED, StoreSchema.SCHEMA_VERSION, orderId, orders.get(slot, CAUSE),
                OrderEventCodec.ENCODER, out);
        }
    }

    /**
     * @param orderId an order.
     * @return {@link #COMPLETED}, {@link #CANCELLED}, or 0 while open or unknown (or forgotten after the window).
     */
    public int terminalState(final long orderId)
    {
        final int slot = orders.find(orderId);
        return slot < 0 ? 0 : (int)(orders.get(slot, STATE) & TERMINAL);
    }

    /** @return distinct orders placed. */
    public long placed()
    {
        return placedCount;
    }

    /** @return orders completed. */
    public long completed()
    {
        return completedCount;
    }

    /** @return orders cancelled. */
    public long cancelled()
    {
        return cancelledCount;
    }

    /** @return orders placed that have no terminal state yet. */
    public long open()
    {
        return placedCount - completedCount - cancelledCount;
    }

    /** @return orders held: open ones and settled ones still in the window. */
    public int held()
    {
        return orders.size();
    }

    /** {@inheritDoc} */
    @Override
    public long digest()
    {
        return Digests.combine(orders.digest(-1L), placedCount * 31 + completedCount * 17 + cancelledCount);
    }

    /** {@inheritDoc} */
    @Override
    public int takeSnapshot(final MutableDirectBuffer buffer)
    {
        return new SnapshotCodec.Writer().wrap(buffer).putTable(orders).putLong(placedCount).putLong(completedCount)
            .putLong(cancelledCount).length();
    }

    /** {@inheritDoc} */
    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length, final int version)
    {
        final SnapshotCodec.Reader reader = new SnapshotCodec.Reader().wrap(buffer, offset, length, version);
        reader.getTable(orders);
        placedCount = reader.getLong();
        completedCount = reader.getLong();
        cancelledCount = reader.getLong();
        reader.end();
    }
}
