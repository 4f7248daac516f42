package dev.herald.store;

import dev.herald.engine.Emitter;
import dev.herald.journal.RecordView;
import org.agrona.collections.Long2LongCounterMap;
import org.agrona.collections.Long2LongHashMap;

import static dev.herald.store.StoreMessageTypes.*;

/**
 * Stage {@value Store#STAGE_LOYALTY}: awards points on {@code PaymentCaptured} (one point per
 * {@link #MINOR_UNITS_PER_POINT} minor units) and takes them back on {@code OrderCancelled}, announcing
 * {@code LoyaltyPointsAwarded} and {@code LoyaltyPointsReversed}. The balances are the reaction's own ledger, so
 * every change is a pure function of facts, applied live and in replay alike.
 *
 * <p>A cancellation can overtake the capture (stock ran out while the gateway was slow): the order is then marked
 * cancelled and its late capture earns nothing, so no points are ever left behind for a cancelled order.
 *
 * <p>Threading: runs on its stage's thread; see {@link Reaction}.
 */
public final class LoyaltyReaction implements Reaction
{
    /** Minor units of spend per point. */
    public static final long MINOR_UNITS_PER_POINT = 100;
    /** Order state: points awarded. */
    public static final int AWARDED = 1;
    /** Order state: points awarded, then reversed. */
    public static final int REVERSED = 2;
    /** Order state: cancelled before any award; a later capture earns nothing. */
    public static final int CANCELLED = 3;

    private final Long2LongCounterMap balances;
    private final Long2LongHashMap orderStates;
    private final Long2LongCounterMap orderPoints;
    private final OrderEventCodec event = new OrderEventCodec();
    private final OrderEvent out = new OrderEvent();
    private long pointsOutstanding;

    /**
     * @param expectedOrders    pre-sizes the per-order state.
     * @param expectedCustomers pre-sizes the balances.
     */
    public LoyaltyReaction(final int expectedOrders, final int expectedCustomers)
    {
        balances = new Long2LongCounterMap(Math.max(16, expectedCustomers * 2), 0.65f, 0);
        orderStates = new Long2LongHashMap(Math.max(16, expectedOrders * 2), 0.65f, 0);
        orderPoints = new Long2LongCounterMap(Math.max(16, expectedOrders * 2), 0.65f, 0);
    }

    /** {@inheritDoc} */
    @Override
    public String stageName()
    {
        return Store.STAGE_LOYALTY;
    }

    /** {@inheritDoc} */
    @Override
    public void onMessage(final RecordView message, final Emitter emitter)
    {
        final int type = message.messageType();
        if (type == PAYMENT_CAPTURED)
        {
            event.wrap(message);
            final long orderId = event.orderId();
            if (orderStates.get(orderId) != 0)
            {
                return;
            }
            final long customerId = event.customerId();
            final long points = Math.max(0, event.amount() / MINOR_UNITS_PER_POINT);
            orderStates.put(orderId, AWARDED);
            Digests.set(orderPoints, orderId, points);
            balances.addAndGet(customerId, points);
            pointsOutstanding += points;
            if (!emitter.isReplay())
            {
                out.reset(orderId, customerId).amount(points, (short)0);
                emitter.emit(LOYALTY_POINTS_AWARDED, StoreSchema.SCHEMA_VERSION, OrderEventCodec.ENCODER, out);
            }
        }
        else if (type == ORDER_CANCELLED)
        {
            event.wrap(message);
            final long orderId = event.orderId();
            final long state = orderStates.get(orderId);
            if (state == 0)
            {
                orderStates.put(orderId, CANCELLED);
            }
            else if (state == AWARDED)
            {
                final long customerId = event.customerId();
                final long points = orderPoints.get(orderId);
                orderStates.put(orderId, REVERSED);
                balances.addAndGet(customerId, -points);
                pointsOutstanding -= points;
                if (!emitter.isReplay())
                {
                    out.reset(orderId, customerId).amount(points, (short)0);
                    emitter.emit(LOYALTY_POINTS_REVERSED, StoreSchema.SCHEMA_VERSION, OrderEventCodec.ENCODER, out);
                }
            }
        }
    }

    /**
     * @param customerId a customer.
     * @return the points balance.
     */
    public long balance(final long customerId)
    {
        return balances.get(customerId);
    }

    /** @return points held over all customers. */
    public long pointsOutstanding()
    {
        return pointsOutstanding;
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
        return Digests.combine(Digests.combine(Digests.of(balances), Digests.of(orderStates)), pointsOutstanding);
    }
}
