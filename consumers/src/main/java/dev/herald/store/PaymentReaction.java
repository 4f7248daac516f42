package dev.herald.store;

import dev.herald.engine.Emitter;
import dev.herald.engine.MessageTypes;
import dev.herald.journal.RecordView;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
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
 * <p>Owed after a restart ({@link #onResume}): the capture of every PENDING or CANCEL_PENDING order (its outcome is
 * not in the journal) and every REFUND_DUE refund. The gateway sees the same order id again for the same kind of
 * call, its idempotency key, and answers as it did the first time without charging twice.
 *
 * <p>Threading: runs on its stage's thread; see {@link Reaction}.
 */
public final class PaymentReaction implements Reaction
{
    private static final MessageTypes HANDLED = MessageTypes.of(
        ORDER_PLACED, PAYMENT_CAPTURED, PAYMENT_FAILED, ORDER_CANCELLED, ORDER_COMPLETED, PAYMENT_REFUNDED);

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

    private static final long CODE_MASK = 0xFF;
    private static final long TERMINAL_SEEN = 1 << 8;
    private static final int CURRENCY_SHIFT = 16;

    private static final int STATE = OrderTable.STATE;
    private static final int CUSTOMER = 1;
    private static final int AMOUNT = 2;
    private static final int CAUSE = 3;

    private final PaymentGateway gateway;
    private final NanoClock clock;
    private final OrderTable orders;
    private final RetrySchedule refundRetries;
    private final OrderPlacedDecoder placed = new OrderPlacedDecoder();
    private final OrderEventCodec event = new OrderEventCodec();
    private final OrderEvent out = new OrderEvent();
    private final RetrySchedule.Attempt refundAttempt = this::retryRefund;

    /**
     * @param gateway        the port.
     * @param expectedOrders pre-sizes the state.
     * @param clock          for refund backoff.
     */
    public PaymentReaction(final PaymentGateway gateway, final int expectedOrders, final NanoClock clock)
    {
        this(gateway, expectedOrders, clock, Store.Context.unbounded());
    }

    PaymentReaction(
        final PaymentGateway gateway, final int expectedOrders, final NanoClock clock, final SettledWindow window)
    {
        this.gateway = gateway;
        this.clock = clock;
        orders = new OrderTable(4, expectedOrders, window);
        refundRetries = new RetrySchedule(64, 1_000_000L, 1_000_000_000L);
    }

    /** {@inheritDoc} */
    @Override
    public String stageName()
    {
        return Store.STAGE_PAYMENT;
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
            onOrderPlaced(message, emitter, live);
        }
        else if (type == PAYMENT_CAPTURED || type == PAYMENT_FAILED || type == ORDER_CANCELLED ||
            type == ORDER_COMPLETED || type == PAYMENT_REFUNDED)
        {
            final int slot = orders.find(event.wrap(message).orderId());
            if (slot >= 0)
            {
                apply(slot, type, message, emitter, live);
                final int code = code(slot);
                if ((orders.get(slot, STATE) & TERMINAL_SEEN) != 0 &&
                    (code == CAPTURED || code == FAILED || code == REFUNDED))
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
                retryRefunds(emitter);
            }
            return;
        }
        orders.forgetSettled(message.timestamp(), null);
        if (live)
        {
            retryRefunds(emitter);
        }
    }

    private void apply(final int slot, final int type, final RecordView message, final Emitter emitter,
        final boolean live)
    {
        final int code = code(slot);
        switch (type)
        {
            case PAYMENT_CAPTURED:
                if (code == PENDING)
                {
                    setCode(slot, CAPTURED);
                    orders.set(slot, AMOUNT, event.amount());
                }
                else if (code == CANCEL_PENDING)
                {
                    orders.set(slot, AMOUNT, event.amount());
                    decideRefund(slot, message, emitter, live);
                }
                break;
            case PAYMENT_FAILED:
                if (code == PENDING || code == CANCEL_PENDING)
                {
                    setCode(slot, FAILED);
                }
                break;
            case ORDER_CANCELLED:
                orders.set(slot, STATE, orders.get(slot, STATE) | TERMINAL_SEEN);
                if (code == PENDING)
                {
                    setCode(slot, CANCEL_PENDING);
                }
                else if (code == CAPTURED)
                {
                    decideRefund(slot, message, emitter, live);
                }
                break;
            case ORDER_COMPLETED:
                orders.set(slot, STATE, orders.get(slot, STATE) | TERMINAL_SEEN);
                break;
            case PAYMENT_REFUNDED:
                if (code == REFUND_DUE || code == CAPTURED)
                {
                    setCode(slot, REFUNDED);
                }
                break;
            default:
                break;
        }
    }

    /** {@inheritDoc} Retries refunds that are due. */
    @Override
    public void onIdle(final Emitter emitter)
    {
        retryRefunds(emitter);
    }

    /** {@inheritDoc} Captures whose outcome is not in the journal are made again; refunds decided are made. */
    @Override
    public void onResume(final Emitter emitter)
    {
        final long now = clock.nanoTime();
        for (int slot = 0, n = orders.capacity(); slot < n; slot++)
        {
            final long orderId = orders.orderIdAt(slot);
            if (orderId == 0)
            {
                continue;
            }
            final int code = code(slot);
            if (code == PENDING || code == CANCEL_PENDING)
            {
                capture(orderId, orders.get(slot, CUSTOMER), orders.get(slot, AMOUNT), currency(slot),
                    orders.get(slot, CAUSE), emitter);
            }
            else if (code == REFUND_DUE && !tryRefund(orderId, orders.get(slot, CUSTOMER), orders.get(slot, AMOUNT),
                currency(slot), orders.get(slot, CAUSE), 1, emitter))
            {
                refundRetries.add(orderId, orders.get(slot, CUSTOMER), orders.get(slot, AMOUNT), currency(slot),
                    orders.get(slot, CAUSE), 1, now);
            }
        }
    }

    private void onOrderPlaced(final RecordView message, final Emitter emitter, final boolean live)
    {
        placed.wrap(message);
        final long orderId = placed.orderId();
        final int slot = orders.insert(orderId);
        if (slot < 0 || code(slot) != 0)
        {
            return;
        }
        final short currency = placed.currency();
        orders.set(slot, STATE, PENDING | ((currency & 0xFFFFL) << CURRENCY_SHIFT));
        orders.set(slot, CUSTOMER, placed.customerId());
        orders.set(slot, AMOUNT, placed.total());
        orders.set(slot, CAUSE, message.sequence());
        if (live)
        {
            capture(orderId, placed.customerId(), placed.total(), currency, message.sequence(), emitter);
        }
    }

    private void capture(
        final long orderId,
        final long customerId,
        final long total,
        final short currency,
        final long causation,
        final Emitter emitter)
    {
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
            emitter.emit(PAYMENT_CAPTURED, StoreSchema.SCHEMA_VERSION, orderId, causation, OrderEventCodec.ENCODER,
                out);
        }
        else
        {
            out.reason(result == PaymentGateway.DECLINED ?
                StoreSchema.REASON_PAYMENT_DECLINED : StoreSchema.REASON_PAYMENT_UNAVAILABLE);
            emitter.emit(PAYMENT_FAILED, StoreSchema.SCHEMA_VERSION, orderId, causation, OrderEventCodec.ENCODER, out);
        }
    }

    private void decideRefund(final int slot, final RecordView cause, final Emitter emitter, final boolean live)
    {
        setCode(slot, REFUND_DUE);
        orders.set(slot, CAUSE, cause.sequence());
        if (live)
        {
            final long orderId = orders.orderIdAt(slot);
            final long customerId = orders.get(slot, CUSTOMER);
            final long amount = orders.get(slot, AMOUNT);
            final short currency = currency(slot);
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
        refundRetries.retryDue(clock, refundAttempt, emitter);
    }

    private boolean retryRefund(final RetrySchedule schedule, final int i, final Emitter emitter)
    {
        return tryRefund(schedule.orderId(i), schedule.customerId(i), schedule.amount(i), schedule.currency(i),
            schedule.causation(i), schedule.attempts(i) + 1, emitter);
    }

    private int code(final int slot)
    {
        return (int)(orders.get(slot, STATE) & CODE_MASK);
    }

    private void setCode(final int slot, final int code)
    {
        orders.set(slot, STATE, (orders.get(slot, STATE) & ~CODE_MASK) | code);
    }

    private short currency(final int slot)
    {
        return (short)(orders.get(slot, STATE) >>> CURRENCY_SHIFT);
    }

    /**
     * @param orderId an order.
     * @return its state constant, or 0 when unknown (never placed, or forgotten after the window).
     */
    public int state(final long orderId)
    {
        final int slot = orders.find(orderId);
        return slot < 0 ? 0 : code(slot);
    }

    /** @return refunds owed and waiting for the gateway. */
    public int refundsPending()
    {
        return refundRetries.size();
    }

    /** @return orders held: open ones and settled ones still in the window. */
    public int orders()
    {
        return orders.size();
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
