package dev.herald.store;

import dev.herald.engine.Emitter;
import dev.herald.engine.MessageTypes;
import dev.herald.journal.RecordView;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongCounterMap;

import static dev.herald.store.StoreMessageTypes.*;

/**
 * Stage {@value Store#STAGE_LOYALTY}: awards points on {@code PaymentCaptured} (one point per
 * {@link #MINOR_UNITS_PER_POINT} minor units) and takes them back on {@code OrderCancelled}, announcing
 * {@code LoyaltyPointsAwarded} and {@code LoyaltyPointsReversed}. The balances are the reaction's own ledger, so
 * every change is a pure function of facts, applied live and in replay alike.
 *
 * <p>A cancellation can overtake the capture (stock ran out while the gateway was slow): the order is then marked
 * cancelled and its late capture earns nothing, so no points are ever left behind for a cancelled order. Orders
 * are known from their {@code OrderPlaced}; facts about an order not held (never placed, or forgotten after the
 * window) are ignored. Owed after a restart ({@link #onResume}): every award or reversal decided whose
 * announcement is not in the journal.
 *
 * <p>Threading: runs on its stage's thread; see {@link Reaction}.
 */
public final class LoyaltyReaction implements Reaction
{
    private static final MessageTypes HANDLED = MessageTypes.of(
        ORDER_PLACED, PAYMENT_CAPTURED, LOYALTY_POINTS_AWARDED, LOYALTY_POINTS_REVERSED, ORDER_CANCELLED,
        ORDER_COMPLETED);

    /** Minor units of spend per point. */
    public static final long MINOR_UNITS_PER_POINT = 100;
    /** Order state: points awarded. */
    public static final int AWARDED = 1;
    /** Order state: points awarded, then reversed. */
    public static final int REVERSED = 2;
    /** Order state: cancelled before any award; a later capture earns nothing. */
    public static final int CANCELLED = 3;

    private static final long CODE_MASK = 0xFF;
    private static final long PLACED = 1 << 8;
    private static final long AWARD_ANNOUNCED = 1 << 9;
    private static final long REVERSAL_ANNOUNCED = 1 << 10;
    private static final long TERMINAL_SEEN = 1 << 11;

    private static final int STATE = OrderTable.STATE;
    private static final int CUSTOMER = 1;
    private static final int POINTS = 2;
    private static final int AWARD_CAUSE = 3;
    private static final int REVERSAL_CAUSE = 4;

    private final Long2LongCounterMap balances;
    private final OrderTable orders;
    private final OrderPlacedDecoder placed = new OrderPlacedDecoder();
    private final OrderEventCodec event = new OrderEventCodec();
    private final OrderEvent out = new OrderEvent();
    private long pointsOutstanding;

    /**
     * @param expectedOrders    pre-sizes the per-order state.
     * @param expectedCustomers pre-sizes the balances.
     */
    public LoyaltyReaction(final int expectedOrders, final int expectedCustomers)
    {
        this(expectedOrders, expectedCustomers, Store.Context.unbounded());
    }

    LoyaltyReaction(final int expectedOrders, final int expectedCustomers, final SettledWindow window)
    {
        balances = new Long2LongCounterMap(Math.max(16, expectedCustomers * 2), 0.65f, 0);
        orders = new OrderTable(5, expectedOrders, window);
    }

    /** {@inheritDoc} */
    @Override
    public String stageName()
    {
        return Store.STAGE_LOYALTY;
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
            if (slot >= 0 && orders.get(slot, STATE) == 0)
            {
                orders.set(slot, STATE, PLACED);
                orders.set(slot, CUSTOMER, placed.customerId());
            }
        }
        else if (type == PAYMENT_CAPTURED || type == ORDER_CANCELLED || type == ORDER_COMPLETED ||
            type == LOYALTY_POINTS_AWARDED || type == LOYALTY_POINTS_REVERSED)
        {
            final int slot = orders.find(event.wrap(message).orderId());
            if (slot >= 0)
            {
                apply(slot, type, message, emitter);
                final long state = orders.get(slot, STATE);
                final long code = state & CODE_MASK;
                if ((state & TERMINAL_SEEN) != 0 && (code == CANCELLED ||
                    (code == AWARDED && (state & AWARD_ANNOUNCED) != 0) ||
                    (code == REVERSED && (state & (AWARD_ANNOUNCED | REVERSAL_ANNOUNCED)) ==
                        (AWARD_ANNOUNCED | REVERSAL_ANNOUNCED))))
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
        final long code = state & CODE_MASK;
        switch (type)
        {
            case PAYMENT_CAPTURED:
                if (code == 0)
                {
                    final long points = Math.max(0, event.amount() / MINOR_UNITS_PER_POINT);
                    orders.set(slot, STATE, state | AWARDED);
                    orders.set(slot, POINTS, points);
                    orders.set(slot, AWARD_CAUSE, message.sequence());
                    balances.addAndGet(orders.get(slot, CUSTOMER), points);
                    pointsOutstanding += points;
                    if (!emitter.isReplay())
                    {
                        announce(slot, LOYALTY_POINTS_AWARDED, AWARD_CAUSE, emitter);
                    }
                }
                break;
            case ORDER_CANCELLED:
                if (code == 0)
                {
                    orders.set(slot, STATE, state | CANCELLED | TERMINAL_SEEN);
                }
                else if (code == AWARDED)
                {
                    final long points = orders.get(slot, POINTS);
                    orders.set(slot, STATE, (state & ~CODE_MASK) | REVERSED | TERMINAL_SEEN);
                    orders.set(slot, REVERSAL_CAUSE, message.sequence());
                    balances.addAndGet(orders.get(slot, CUSTOMER), -points);
                    pointsOutstanding -= points;
                    if (!emitter.isReplay())
                    {
                        announce(slot, LOYALTY_POINTS_REVERSED, REVERSAL_CAUSE, emitter);
                    }
                }
                else
                {
                    orders.set(slot, STATE, state | TERMINAL_SEEN);
                }
                break;
            case ORDER_COMPLETED:
                orders.set(slot, STATE, state | TERMINAL_SEEN);
                break;
            case LOYALTY_POINTS_AWARDED:
                orders.set(slot, STATE, state | AWARD_ANNOUNCED);
                break;
            default:
                orders.set(slot, STATE, state | REVERSAL_ANNOUNCED);
                break;
        }
    }

    /** {@inheritDoc} Announces awards and reversals decided whose announcement is not in the journal. */
    @Override
    public void onResume(final Emitter emitter)
    {
        for (int slot = 0, n = orders.capacity(); slot < n; slot++)
        {
            if (orders.orderIdAt(slot) == 0)
            {
                continue;
            }
            final long state = orders.get(slot, STATE);
            final long code = state & CODE_MASK;
            if ((code == AWARDED || code == REVERSED) && (state & AWARD_ANNOUNCED) == 0)
            {
                announce(slot, LOYALTY_POINTS_AWARDED, AWARD_CAUSE, emitter);
            }
            if (code == REVERSED && (state & REVERSAL_ANNOUNCED) == 0)
            {
                announce(slot, LOYALTY_POINTS_REVERSED, REVERSAL_CAUSE, emitter);
            }
        }
    }

    private void announce(final int slot, final int type, final int causeField, final Emitter emitter)
    {
        final long orderId = orders.orderIdAt(slot);
        out.reset(orderId, orders.get(slot, CUSTOMER)).amount(orders.get(slot, POINTS), (short)0);
        emitter.emit(type, StoreSchema.SCHEMA_VERSION, orderId, orders.get(slot, causeField), OrderEventCodec.ENCODER,
            out);
    }

    /**
     * @param customerId a customer.
     * @return its points balance.
     */
    public long balance(final long customerId)
    {
        return balances.get(customerId);
    }

    /** @return points awarded and not reversed, over all customers. */
    public long pointsOutstanding()
    {
        return pointsOutstanding;
    }

    /**
     * @param orderId an order.
     * @return its state constant, or 0 when unknown (or forgotten after the window).
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
        return Digests.combine(Digests.combine(Digests.of(balances), orders.digest(-1L)), pointsOutstanding);
    }

    /** {@inheritDoc} */
    @Override
    public int takeSnapshot(final MutableDirectBuffer buffer)
    {
        return new SnapshotCodec.Writer().wrap(buffer).putCounters(balances).putTable(orders).putLong(pointsOutstanding).length();
    }

    /** {@inheritDoc} */
    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length, final int version)
    {
        final SnapshotCodec.Reader reader = new SnapshotCodec.Reader().wrap(buffer, offset, length, version);
        reader.getCounters(balances);
        reader.getTable(orders);
        pointsOutstanding = reader.getLong();
        reader.end();
    }
}
