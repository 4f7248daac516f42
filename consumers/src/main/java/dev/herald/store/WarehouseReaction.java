package dev.herald.store;

import dev.herald.engine.Emitter;
import dev.herald.journal.RecordDescriptor;
import dev.herald.journal.RecordView;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.NanoClock;

import static dev.herald.store.StoreMessageTypes.*;

/**
 * Stage {@value Store#STAGE_WAREHOUSE}: joins {@code PaymentCaptured} and {@code InventoryReserved} by order id,
 * in whichever order they arrive, and once an order has both asks the {@link WarehouseClient} to ship it and
 * announces {@code WarehouseNotified}. A cancelled order is never shipped.
 *
 * <p>The join is a pure function of facts, so the REQUESTED bit is set on the completing fact, live and in replay;
 * NOTIFIED is learned from its own fact coming back. A refused request is retried with capped backoff, without
 * limit: a paid order must ship.
 *
 * <p>Threading: runs on its stage's thread; see {@link Reaction}.
 */
public final class WarehouseReaction implements Reaction
{
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

    private final WarehouseClient client;
    private final NanoClock clock;
    private final Long2LongHashMap states;
    private final RetrySchedule retries;
    private final OrderEventCodec event = new OrderEventCodec();
    private final OrderEvent out = new OrderEvent();
    private boolean resumed;

    /**
     * @param client         the port.
     * @param expectedOrders pre-sizes the state.
     * @param clock          for backoff.
     */
    public WarehouseReaction(final WarehouseClient client, final int expectedOrders, final NanoClock clock)
    {
        this.client = client;
        this.clock = clock;
        states = new Long2LongHashMap(Math.max(16, expectedOrders * 2), 0.65f, 0);
        retries = new RetrySchedule(64, 1_000_000L, 1_000_000_000L);
    }

    /** {@inheritDoc} */
    @Override
    public String stageName()
    {
        return Store.STAGE_WAREHOUSE;
    }

    /** {@inheritDoc} */
    @Override
    public void onMessage(final RecordView message, final Emitter emitter)
    {
        final boolean live = !emitter.isReplay();
        if (live && !resumed)
        {
            resume();
        }
        switch (message.messageType())
        {
            case PAYMENT_CAPTURED:
                join(message, emitter, PAID, live);
                break;
            case INVENTORY_RESERVED:
                join(message, emitter, RESERVED, live);
                break;
            case WAREHOUSE_NOTIFIED:
            {
                final long orderId = event.wrap(message).orderId();
                states.put(orderId, states.get(orderId) | NOTIFIED);
                break;
            }
            case ORDER_CANCELLED:
            {
                final long orderId = event.wrap(message).orderId();
                states.put(orderId, states.get(orderId) | CANCELLED);
                break;
            }
            default:
                break;
        }
        if (live)
        {
            retryDue(emitter);
        }
    }

    /** {@inheritDoc} Retries shipment requests that are due. */
    @Override
    public void onIdle(final Emitter emitter)
    {
        if (!resumed)
        {
            resume();
        }
        retryDue(emitter);
    }

    private void join(final RecordView message, final Emitter emitter, final int bit, final boolean live)
    {
        event.wrap(message);
        final long orderId = event.orderId();
        final long state = states.get(orderId);
        if ((state & bit) != 0)
        {
            return;
        }
        long next = state | bit;
        final boolean ship = (next & (PAID | RESERVED)) == (PAID | RESERVED) && (next & (REQUESTED | CANCELLED)) == 0;
        if (ship)
        {
            next |= REQUESTED;
        }
        states.put(orderId, next);
        if (ship && live && !tryRequest(orderId, event.customerId(), message.sequence(), 1, emitter))
        {
            retries.add(orderId, event.customerId(), 0, (short)0, message.sequence(), 1, clock.nanoTime());
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
        final long now = clock.nanoTime();
        if (!retries.anyDue(now))
        {
            return;
        }
        for (int i = retries.size() - 1; i >= 0; i--)
        {
            if (retries.isDue(i, now))
            {
                if (tryRequest(retries.orderId(i), retries.customerId(i), retries.causation(i),
                    retries.attempts(i) + 1, emitter))
                {
                    retries.removeAt(i);
                }
                else
                {
                    retries.retryLater(i, now);
                }
            }
        }
        retries.recomputeEarliestDue();
    }

    /** After a replay, shipments decided but never announced are still owed: schedule them. */
    private void resume()
    {
        resumed = true;
        final long now = clock.nanoTime();
        states.forEachLong((orderId, state) ->
        {
            if ((state & (REQUESTED | NOTIFIED)) == REQUESTED)
            {
                retries.add(orderId, 0, 0, (short)0, RecordDescriptor.NO_CAUSATION, 0, now);
            }
        });
    }

    /**
     * @param orderId an order.
     * @return its state bits.
     */
    public int state(final long orderId)
    {
        return (int)states.get(orderId);
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
        return Digests.of(states);
    }
}
