package dev.herald.store;

import dev.herald.engine.Emitter;
import dev.herald.journal.RecordView;
import org.agrona.collections.Long2LongHashMap;

import static dev.herald.store.StoreMessageTypes.*;

/**
 * Stage {@value Store#STAGE_ORDERS}: decides each order's single terminal state. It joins the outcomes of payment
 * and inventory by order id, in whichever order they arrive: both successes announce {@code OrderCompleted}; the
 * first failure ({@code PaymentFailed} or {@code OutOfStock}) announces {@code OrderCancelled} with its reason,
 * exactly once, and every reaction that already acted compensates on it. Facts arriving after the terminal state
 * change nothing here (a late {@code PaymentCaptured} of a cancelled order is the payment stage's to refund).
 *
 * <p>The decision is a pure function of facts, so it is applied on the deciding fact, live and in replay.
 * Receipts wait for {@code OrderCompleted}, not just a capture, so no receipt is sent for an order about to be
 * cancelled.
 *
 * <p>Threading: runs on its stage's thread; see {@link Reaction}.
 */
public final class OrderLifecycleReaction implements Reaction
{
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

    private final Long2LongHashMap states;
    private final OrderEventCodec event = new OrderEventCodec();
    private final OrderPlacedCodec placed = new OrderPlacedCodec();
    private final OrderEvent out = new OrderEvent();
    private long placedCount;
    private long completedCount;
    private long cancelledCount;

    /** @param expectedOrders pre-sizes the state. */
    public OrderLifecycleReaction(final int expectedOrders)
    {
        states = new Long2LongHashMap(Math.max(16, expectedOrders * 2), 0.65f, 0);
    }

    /** {@inheritDoc} */
    @Override
    public String stageName()
    {
        return Store.STAGE_ORDERS;
    }

    /** {@inheritDoc} */
    @Override
    public void onMessage(final RecordView message, final Emitter emitter)
    {
        switch (message.messageType())
        {
            case ORDER_PLACED:
            {
                final long orderId = placed.wrap(message).orderId();
                final long state = states.get(orderId);
                if ((state & PLACED) == 0)
                {
                    states.put(orderId, state | PLACED);
                    placedCount++;
                }
                break;
            }
            case PAYMENT_CAPTURED:
                onSuccess(message, emitter, PAID);
                break;
            case INVENTORY_RESERVED:
                onSuccess(message, emitter, RESERVED);
                break;
            case PAYMENT_FAILED:
            case StoreMessageTypes.OUT_OF_STOCK:
                onFailure(message, emitter);
                break;
            default:
                break;
        }
    }

    private void onSuccess(final RecordView message, final Emitter emitter, final int bit)
    {
        event.wrap(message);
        final long orderId = event.orderId();
        final long state = states.get(orderId);
        if ((state & TERMINAL) != 0 || (state & bit) != 0)
        {
            return;
        }
        long next = state | bit;
        if ((next & (PAID | RESERVED)) == (PAID | RESERVED))
        {
            next |= COMPLETED;
            completedCount++;
            if (!emitter.isReplay())
            {
                out.reset(orderId, event.customerId()).amount(event.amount(), event.currency());
                emitter.emit(ORDER_COMPLETED, StoreSchema.SCHEMA_VERSION, OrderEventCodec.ENCODER, out);
            }
        }
        states.put(orderId, next);
    }

    private void onFailure(final RecordView message, final Emitter emitter)
    {
        event.wrap(message);
        final long orderId = event.orderId();
        final long state = states.get(orderId);
        if ((state & TERMINAL) != 0)
        {
            return;
        }
        states.put(orderId, state | CANCELLED);
        cancelledCount++;
        if (!emitter.isReplay())
        {
            out.reset(orderId, event.customerId()).reason(event.reason());
            emitter.emit(ORDER_CANCELLED, StoreSchema.SCHEMA_VERSION, OrderEventCodec.ENCODER, out);
        }
    }

    /**
     * @param orderId an order.
     * @return {@link #COMPLETED}, {@link #CANCELLED}, or 0 while open or unknown.
     */
    public int terminalState(final long orderId)
    {
        return (int)(states.get(orderId) & TERMINAL);
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
        final long[] open = { 0 };
        states.forEachLong((orderId, state) ->
        {
            if ((state & PLACED) != 0 && (state & TERMINAL) == 0)
            {
                open[0]++;
            }
        });
        return open[0];
    }

    /** {@inheritDoc} */
    @Override
    public long digest()
    {
        return Digests.combine(Digests.of(states), placedCount * 31 + completedCount * 17 + cancelledCount);
    }
}
