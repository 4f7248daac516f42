package dev.herald.store;

import dev.herald.engine.Emitter;
import dev.herald.engine.MessageTypes;
import dev.herald.journal.RecordView;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.NanoClock;

import static dev.herald.store.StoreMessageTypes.*;

/**
 * Stage {@value Store#STAGE_WAREHOUSE}: joins {@code PaymentCaptured} and {@code InventoryReserved} by order id,
 * in whichever order they arrive, and once an order has both asks the {@link WarehouseClient} to ship it and
 * announces {@code WarehouseNotified}. A cancelled order is never shipped.
 *
 * <p>The join is a pure function of facts, so the REQUESTED bit is set on the completing fact, live and in replay;
 * NOTIFIED is learned from its own fact coming back. A refused request is retried with capped backoff, without
 * limit: a paid order must ship. Orders are known from their {@code OrderPlaced}; facts about an order not held
 * (never placed, or forgotten after the window) are ignored.
 *
 * <p>Owed after a restart ({@link #onResume}): every shipment requested whose {@code WarehouseNotified} is not in
 * the journal, requested again under the same order id, the warehouse's idempotency key for a shipment.
 *
 * <p>Threading: runs on its stage's thread; see {@link Reaction}.
 */
public final class WarehouseReaction implements Reaction
{
    private static final MessageTypes HANDLED = MessageTypes.of(
        ORDER_PLACED, PAYMENT_CAPTURED, INVENTORY_RESERVED, WAREHOUSE_NOTIFIED, ORDER_CANCELLED, ORDER_COMPLETED);

    /** State bit: payment captured. */
    public static final int PAID = 1;
    /** State bit: stock reserved. */
    public static final int RESERVED = 2;
    /** State bit: shipment decided (both of the above). */
    public static final int REQUESTED = 4;
    /** State bit: WarehouseNotified seen. */
    public static final int NOTIFIED = 8;
    /** State bit: order cancelled. */
    public static final int CANCELLED = 16;

    private static final int PLACED = 32;
    private static final int COMPLETED = 64;
    private static final int PUBLIC_BITS = PAID | RESERVED | REQUESTED | NOTIFIED | CANCELLED;

    private static final int STATE = OrderTable.STATE;
    private static final int CUSTOMER = 1;
    private static final int CAUSE = 2;

    private final WarehouseClient client;
    private final NanoClock clock;
    private final OrderTable orders;
    private final RetrySchedule retries;
    private final OrderPlacedDecoder placed = new OrderPlacedDecoder();
    private final OrderEventCodec event = new OrderEventCodec();
    private final OrderEvent out = new OrderEvent();
    private final RetrySchedule.Attempt requestAttempt = this::retryRequest;

    /**
     * @param client         the port.
     * @param expectedOrders pre-sizes the state.
     * @param clock          for backoff.
     */
    public WarehouseReaction(final WarehouseClient client, final int expectedOrders, final NanoClock clock)
    {
        this(client, expectedOrders, clock, Store.Context.unbounded());
    }

    WarehouseReaction(
        final WarehouseClient client, final int expectedOrders, final NanoClock clock, final SettledWindow window)
    {
        this.client = client;
        this.clock = clock;
        orders = new OrderTable(3, expectedOrders, window);
        retries = new RetrySchedule(64, 1_000_000L, 1_000_000_000L);
    }

    /** {@inheritDoc} */
    @Override
    public String stageName()
    {
        return Store.STAGE_WAREHOUSE;
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
        final boolean live = !emitter.isReplay();
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
        else if (type == PAYMENT_CAPTURED || type == INVENTORY_RESERVED || type == WAREHOUSE_NOTIFIED ||
            type == ORDER_CANCELLED || type == ORDER_COMPLETED)
        {
            final int slot = orders.find(event.wrap(message).orderId());
            if (slot >= 0)
            {
                final long state = orders.get(slot, STATE);
                switch (type)
                {
                    case PAYMENT_CAPTURED:
                        join(slot, message, emitter, PAID, live);
                        break;
                    case INVENTORY_RESERVED:
                        join(slot, message, emitter, RESERVED, live);
                        break;
                    case WAREHOUSE_NOTIFIED:
                        orders.set(slot, STATE, state | NOTIFIED);
                        break;
                    case ORDER_CANCELLED:
                        orders.set(slot, STATE, state | CANCELLED);
                        break;
                    default:
                        orders.set(slot, STATE, state | COMPLETED);
                        break;
                }
                final long next = orders.get(slot, STATE);
                if ((next & (CANCELLED | COMPLETED)) != 0 && (next & (REQUESTED | NOTIFIED)) != REQUESTED)
                {
                    orders.settle(slot, message.timestamp());
                }
            }
        }
        else
        {
            // A fact this reaction ignores: nothing to apply, and nothing to forget before the next it handles.
            if (live)
            {
                retryDue(emitter);
            }
            return;
        }
        orders.forgetSettled(message.timestamp(), null);
        if (live)
        {
            retryDue(emitter);
        }
    }

    /** {@inheritDoc} Retries shipment requests that are due. */
    @Override
    public void onIdle(final Emitter emitter)
    {
        retryDue(emitter);
    }

    /** {@inheritDoc} Requests the shipments decided whose announcement is not in the journal. */
    @Override
    public void onResume(final Emitter emitter)
    {
        for (int slot = 0, n = orders.capacity(); slot < n; slot++)
        {
            final long orderId = orders.orderIdAt(slot);
            if (orderId != 0 && (orders.get(slot, STATE) & (REQUESTED | NOTIFIED)) == REQUESTED)
            {
                request(orderId, orders.get(slot, CUSTOMER), orders.get(slot, CAUSE), emitter);
            }
        }
    }

    private void join(final int slot, final RecordView message, final Emitter emitter, final int bit,
        final boolean live)
    {
        final long state = orders.get(slot, STATE);
        if ((state & bit) != 0)
        {
            return;
        }
        long next = state | bit;
        final boolean ship = (next & (PAID | RESERVED)) == (PAID | RESERVED) && (next & (REQUESTED | CANCELLED)) == 0;
        if (ship)
        {
            next |= REQUESTED;
            orders.set(slot, CAUSE, message.sequence());
        }
        orders.set(slot, STATE, next);
        if (ship && live)
        {
            request(orders.orderIdAt(slot), orders.get(slot, CUSTOMER), message.sequence(), emitter);
        }
    }

    private void request(final long orderId, final long customerId, final long causation, final Emitter emitter)
    {
        if (!tryRequest(orderId, customerId, causation, 1, emitter))
        {
            retries.add(orderId, customerId, 0, (short)0, causation, 1, clock.nanoTime());
        }
    }

    private boolean tryRequest(
        final long orderId, final long customerId, final long causation, final int attempt, final Emitter emitter)
    {
        boolean accepted;
        try
        {
            accepted = client.requestShipment(orderId, customerId);
        }
        catch (final RuntimeException ex)
        {
            accepted = false;
        }
        if (accepted)
        {
            out.reset(orderId, customerId).attempt(attempt);
            emitter.emit(WAREHOUSE_NOTIFIED, StoreSchema.SCHEMA_VERSION, orderId, causation, OrderEventCodec.ENCODER,
                out);
        }
        return accepted;
    }

    private void retryDue(final Emitter emitter)
    {
        retries.retryDue(clock, requestAttempt, emitter);
    }

    private boolean retryRequest(final RetrySchedule schedule, final int i, final Emitter emitter)
    {
        return tryRequest(schedule.orderId(i), schedule.customerId(i), schedule.causation(i), schedule.attempts(i) + 1,
            emitter);
    }

    /**
     * @param orderId an order.
     * @return its state bits ({@link #PAID}, {@link #RESERVED}, {@link #REQUESTED}, {@link #NOTIFIED},
     * {@link #CANCELLED}); 0 when unknown (or forgotten after the window).
     */
    public int state(final long orderId)
    {
        final int slot = orders.find(orderId);
        return slot < 0 ? 0 : (int)(orders.get(slot, STATE) & PUBLIC_BITS);
    }

    /** @return shipment requests waiting for a retry. */
    public int retriesPending()
    {
        return retries.size();
    }

    /** {@inheritDoc} */
    @Override
    public long digest()
    {
        return orders.digest(-1L);
    }

    /** {@inheritDoc} */
    @Override
    public int takeSnapshot(final MutableDirectBuffer buffer)
    {
        return new SnapshotCodec.Writer().wrap(buffer).putTable(orders).length();
    }

    /** {@inheritDoc} */
    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length, final int version)
    {
        final SnapshotCodec.Reader reader = new SnapshotCodec.Reader().wrap(buffer, offset, length, version);
        reader.getTable(orders);
        reader.end();
    }
}
