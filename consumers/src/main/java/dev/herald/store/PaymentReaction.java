package dev.herald.store;

import dev.herald.engine.Emitter;
import dev.herald.journal.RecordView;
import org.agrona.collections.Long2LongCounterMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.NanoClock;

import static dev.herald.store.StoreMessageTypes.*;

/**
 * Stage {@value Store#STAGE_PAYMENT}: captures each order's total through a {@link PaymentGateway} and announces
 * {@code PaymentCaptured} or {@code PaymentFailed}; refunds a captured payment when the order is cancelled and
 * announces {@code PaymentRefunded}.
 *
 * <p>What it knows, per order: PENDING (OrderPlaced seen, outcome not yet back), CAPTURED, FAILED, CANCEL_PENDING
 * (cancelled while the capture outcome was still on its way), REFUND_DUE (refund decided), REFUNDED. The capture
 * outcome comes from the gateway, so it is learned only when the announced fact comes back through the ring; the
 * refund decision is a pure function of facts, so it is made on the fact that triggers it, live and in replay.
 * Duplicates of any fact find the order past that step and do nothing. A refund that the gateway refuses is retried
 * with capped backoff, from the idle tick and between messages, until it succeeds.
 *
 * <p>Threading: runs on its stage's thread; see {@link Reaction}.
 */
public final class PaymentReaction implements Reaction
{
    /** Order state: OrderPlaced applied, capture outcome not yet known. */
    public static final int PENDING = 1;
    /** Order state: captured. */
    public static final int CAPTURED = 2;
    /** Order state: capture failed (declined or unavailable). */
    public static final int FAILED = 3;
    /** Order state: cancelled before the capture outcome came back. */
    public static final int CANCEL_PENDING = 4;
    /** Order state: captured and cancelled; the refund is decided and not yet announced. */
    public static final int REFUND_DUE = 5;
    /** Order state: refunded. */
    public static final int REFUNDED = 6;

    private static final int STATE_MASK = 0xFF;

    private final PaymentGateway gateway;
    private final NanoClock clock;
    private final Long2LongHashMap states;
    private final Long2LongCounterMap capturedAmounts;
    private final RetrySchedule refundRetries;
    private final OrderPlacedCodec placed = new OrderPlacedCodec();
    private final OrderEventCodec event = new OrderEventCodec();
    private final OrderEvent out = new OrderEvent();
    private boolean resumed;

    /**
     * @param gateway        the port.
     * @param expectedOrders pre-sizes the state.
     * @param clock          for refund backoff.
     */
    public PaymentReaction(final PaymentGateway gateway, final int expectedOrders, final NanoClock clock)
    {
        this.gateway = gateway;
        this.clock = clock;
        states = new Long2LongHashMap(Math.max(16, expectedOrders * 2), 0.65f, 0);
        capturedAmounts = new Long2LongCounterMap(Math.max(16, expectedOrders * 2), 0.65f, 0);
        refundRetries = new RetrySchedule(64, 1_000_000L, 1_000_000_000L);
    }

    /** {@inheritDoc} */
    @Override
    public String stageName()
    {
        return Store.STAGE_PAYMENT;
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
            case ORDER_PLACED:
                onOrderPlaced(message, emitter, live);
                break;
            case PAYMENT_CAPTURED:
                onPaymentCaptured(message, emitter, live);
                break;
            case PAYMENT_FAILED:
            {
                final long orderId = event.wrap(message).orderId();
                final int state = state(orderId);
                if (state == PENDING || state == CANCEL_PENDING || state == 0)
                {
                    setState(orderId, FAILED, event.currency());
                }
                break;
            }
            case ORDER_CANCELLED:
                onOrderCancelled(message, emitter, live);
                break;
            case PAYMENT_REFUNDED:
            {
                final long orderId = event.wrap(message).orderId();
                if (state(orderId) == REFUND_DUE || state(orderId) == CAPTURED)
                {
                    setState(orderId, REFUNDED, event.currency());
                }
                break;
            }
            default:
                break;
        }
        if (live)
        {
            retryRefunds(emitter);
        }
    }

    /** {@inheritDoc} Retries refunds that are due. */
    @Override
    public void onIdle(final Emitter emitter)
    {
        if (!resumed)
        {
            resume();
        }
        retryRefunds(emitter);
    }

    private void onOrderPlaced(final RecordView message, final Emitter emitter, final boolean live)
    {
        placed.wrap(message);
        final long orderId = placed.orderId();
        if (states.get(orderId) != 0)
        {
            return;
        }
        final short currency = placed.currency();
        setState(orderId, PENDING, currency);
        if (live)
        {
            final long customerId = placed.customerId();
            final long total = placed.total();
            int result;
            try
            {
                result = gateway.capture(orderId, customerId, total, currency);
            }
            catch (final RuntimeException ex)
            {
                result = PaymentGateway.UNAVAILABLE;
            }
            out.reset(orderId, customerId).amount(total, currency).attempt(1);
            if (result == PaymentGateway.CAPTURED)
            {
                emitter.emit(PAYMENT_CAPTURED, StoreSchema.SCHEMA_VERSION, OrderEventCodec.ENCODER, out);
            }
            else
            {
                out.reason(result == PaymentGateway.DECLINED ?
                    StoreSchema.REASON_PAYMENT_DECLINED : StoreSchema.REASON_PAYMENT_UNAVAILABLE);
                emitter.emit(PAYMENT_FAILED, StoreSchema.SCHEMA_VERSION, OrderEventCodec.ENCODER, out);
            }
        }
    }

    private void onPaymentCaptured(final RecordView message, final Emitter emitter, final boolean live)
    {
        event.wrap(message);
        final long orderId = event.orderId();
        final int state = state(orderId);
        if (state == PENDING || state == 0)
        {
            setState(orderId, CAPTURED, event.currency());
            Digests.set(capturedAmounts, orderId, event.amount());
        }
        else if (state == CANCEL_PENDING)
        {
            Digests.set(capturedAmounts, orderId, event.amount());
            decideRefund(orderId, event.customerId(), event.amount(), event.currency(), message, emitter, live);
        }
    }

    private void onOrderCancelled(final RecordView message, final Emitter emitter, final boolean live)
    {
        event.wrap(message);
        final long orderId = event.orderId();
        final long stateValue = states.get(orderId);
        final int state = (int)(stateValue & STATE_MASK);
        if (state == PENDING)
        {
            setState(orderId, CANCEL_PENDING, currencyOf(stateValue));
        }
        else if (state == CAPTURED)
        {
            decideRefund(orderId, event.customerId(), capturedAmounts.get(orderId), currencyOf(stateValue), message,
                emitter, live);
        }
    }

    private void decideRefund(
        final long orderId,
        final long customerId,
        final long amount,
        final short currency,
        final RecordView cause,
        final Emitter emitter,
        final boolean live)
    {
        setState(orderId, REFUND_DUE, currency);
        if (live)
        {
            if (!tryRefund(orderId, customerId, amount, currency, cause.sequence(), 1, emitter))
            {
                refundRetries.add(orderId, customerId, amount, currency, cause.sequence(), 1, clock.nanoTime());
            }
        }
    }

    private boolean tryRefund(
        final long orderId,
        final long customerId,
        final long amount,
        final short currency,
        final long causation,
        final int attempt,
        final Emitter emitter)
    {
        boolean refunded;
        try
        {
            refunded = gateway.refund(orderId, amount, currency);
        }
        catch (final RuntimeException ex)
        {
            refunded = false;
        }
        if (refunded)
        {
            out.reset(orderId, customerId).amount(amount, currency).attempt(attempt);
            emitter.emit(
                PAYMENT_REFUNDED, StoreSchema.SCHEMA_VERSION, orderId, causation, OrderEventCodec.ENCODER, out);
        }
        return refunded;
    }

    private void retryRefunds(final Emitter emitter)
    {
        final long now = clock.nanoTime();
        if (!refundRetries.anyDue(now))
        {
            return;
        }
        for (int i = refundRetries.size() - 1; i >= 0; i--)
        {
            if (refundRetries.isDue(i, now))
            {
                if (tryRefund(refundRetries.orderId(i), refundRetries.customerId(i), refundRetries.amount(i),
                    refundRetries.currency(i), refundRetries.causation(i), refundRetries.attempts(i) + 1, emitter))
                {
                    refundRetries.removeAt(i);
                }
                else
                {
                    refundRetries.retryLater(i, now);
                }
            }
        }
        refundRetries.recomputeEarliestDue();
    }

    /** After a replay, refunds that were decided but never announced are owed: schedule them now. */
    private void resume()
    {
        resumed = true;
        final long now = clock.nanoTime();
        states.forEachLong((orderId, value) ->
        {
            if ((value & STATE_MASK) == REFUND_DUE)
            {
                refundRetries.add(orderId, 0, capturedAmounts.get(orderId), currencyOf(value),
                    dev.herald.journal.RecordDescriptor.NO_CAUSATION, 0, now);
            }
        });
    }

    private void setState(final long orderId, final int state, final short currency)
    {
        states.put(orderId, state | ((currency & 0xFFFFL) << 8));
    }

    private static short currencyOf(final long stateValue)
    {
        return (short)(stateValue >>> 8);
    }

    /**
     * @param orderId an order.
     * @return its state constant, or 0 when unknown.
     */
    public int state(final long orderId)
    {
        return (int)(states.get(orderId) & STATE_MASK);
    }

    /** @return refunds owed and waiting for the gateway. */
    public int refundsPending()
    {
        return refundRetries.size();
    }

    /** @return orders known. */
    public int orders()
    {
        return states.size();
    }

    /** {@inheritDoc} */
    @Override
    public long digest()
    {
        return Digests.combine(Digests.of(states), Digests.of(capturedAmounts));
    }
}
