package dev.herald.store;

import dev.herald.engine.Emitter;
import dev.herald.engine.MessageTypes;
import dev.herald.journal.RecordView;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.NanoClock;

import static dev.herald.store.StoreMessageTypes.*;

/**
 * Stage {@value Store#STAGE_EMAIL}: sends the receipt of every completed order through a {@link Mailer} and
 * announces {@code ReceiptEmailed}, or {@code EmailFailed} after the last attempt.
 *
 * <p>A failed send never blocks the stage: the order goes into a retry schedule with capped exponential backoff,
 * retried from the idle tick and between messages, so a mail outage delays receipts, not orders. The contact comes
 * from {@code OrderPlaced} and is kept in a byte arena until the receipt's outcome is known or the order is
 * cancelled. What it knows per order: PENDING (OrderCompleted seen), EMAILED, FAILED, learned from its own facts
 * when they come back through the ring; the retry schedule is what it does, and is not digested.
 *
 * <p>Owed after a restart ({@link #onResume}): the receipt of every PENDING order, sent again under the same order
 * id, the mailer's idempotency key for a receipt.
 *
 * <p>Threading: runs on its stage's thread; see {@link Reaction}.
 */
public final class ReceiptEmailReaction implements Reaction
{
    private static final MessageTypes HANDLED = MessageTypes.of(
        ORDER_PLACED, RECEIPT_EMAILED, EMAIL_FAILED, ORDER_CANCELLED, ORDER_COMPLETED);

    /** Order state: completed, receipt outcome not yet announced. */
    public static final int PENDING = 1;
    /** Order state: receipt sent. */
    public static final int EMAILED = 2;
    /** Order state: every attempt failed. */
    public static final int FAILED = 3;

    private static final long CODE_MASK = 0xFF;
    private static final long CANCELLED_SEEN = 1 << 8;
    private static final int CURRENCY_SHIFT = 16;

    private static final int STATE = OrderTable.STATE;
    private static final int CONTACT = 1;
    private static final int CUSTOMER = 2;
    private static final int AMOUNT = 3;
    private static final int CAUSE = 4;
    private static final long DIGESTED_FIELDS = ~(1L << CONTACT);

    private final Mailer mailer;
    private final NanoClock clock;
    private final int maxAttempts;
    private final OrderTable orders;
    private final Arena contacts;
    private final RetrySchedule retries;
    private final OrderPlacedDecoder placed = new OrderPlacedDecoder();
    private final OrderEventCodec event = new OrderEventCodec();
    private final OrderEvent out = new OrderEvent();
    private final RetrySchedule.Attempt sendAttempt = this::retrySend;

    /**
     * @param mailer           the port.
     * @param expectedOrders   pre-sizes the state.
     * @param maxAttempts      sends per receipt before EmailFailed, at least 1.
     * @param initialBackoffNs wait after the first failure; doubles per failure.
     * @param maxBackoffNs     cap of the wait.
     * @param clock            for backoff.
     */
    public ReceiptEmailReaction(
        final Mailer mailer,
        final int expectedOrders,
        final int maxAttempts,
        final long initialBackoffNs,
        final long maxBackoffNs,
        final NanoClock clock)
    {
        this(mailer, expectedOrders, maxAttempts, initialBackoffNs, maxBackoffNs, clock, Store.Context.unbounded());
    }

    ReceiptEmailReaction(
        final Mailer mailer,
        final int expectedOrders,
        final int maxAttempts,
        final long initialBackoffNs,
        final long maxBackoffNs,
        final NanoClock clock,
        final SettledWindow window)
    {
        if (maxAttempts < 1)
        {
            throw new IllegalArgumentException("invalid maxAttempts=" + maxAttempts + ", must be at least 1");
        }
        this.mailer = mailer;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        orders = new OrderTable(5, expectedOrders, window);
        contacts = new Arena(orders, CONTACT, Math.max(1024, expectedOrders * 32));
        retries = new RetrySchedule(64, initialBackoffNs, maxBackoffNs);
    }

    /** {@inheritDoc} */
    @Override
    public String stageName()
    {
        return Store.STAGE_EMAIL;
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
            placed.wrap(message);
            final int slot = orders.insert(placed.orderId());
            if (slot >= 0 && orders.get(slot, STATE) == 0 && orders.get(slot, CONTACT) == 0)
            {
                final long ref = contacts.allocate(placed.contactLength());
                placed.getContact(contacts.buffer(), Arena.offset(ref));
                orders.set(slot, CONTACT, ref);
            }
        }
        else if (type == ORDER_COMPLETED || type == ORDER_CANCELLED || type == RECEIPT_EMAILED ||
            type == EMAIL_FAILED)
        {
            final int slot = orders.find(event.wrap(message).orderId());
            if (slot >= 0)
            {
                apply(slot, type, message, emitter, live);
                final long state = orders.get(slot, STATE);
                final long code = state & CODE_MASK;
                if (code == EMAILED || code == FAILED || (code == 0 && (state & CANCELLED_SEEN) != 0))
                {
                    contacts.free(orders.get(slot, CONTACT));
                    orders.set(slot, CONTACT, 0);
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
        orders.forgetSettled(message.timestamp(), contacts);
        if (live)
        {
            retryDue(emitter);
        }
    }

    private void apply(final int slot, final int type, final RecordView message, final Emitter emitter,
        final boolean live)
    {
        final long state = orders.get(slot, STATE);
        final long code = state & CODE_MASK;
        if (type == ORDER_COMPLETED)
        {
            if (code == 0)
            {
                orders.set(slot, STATE, state | PENDING | ((event.currency() & 0xFFFFL) << CURRENCY_SHIFT));
                orders.set(slot, CUSTOMER, event.customerId());
                orders.set(slot, AMOUNT, event.amount());
                orders.set(slot, CAUSE, message.sequence());
                if (live)
                {
                    sendOrSchedule(orders.orderIdAt(slot), emitter);
                }
            }
        }
        else if (type == ORDER_CANCELLED)
        {
            orders.set(slot, STATE, state | CANCELLED_SEEN);
        }
        else if (code == PENDING)
        {
            orders.set(slot, STATE, (state & ~CODE_MASK) | (type == RECEIPT_EMAILED ? EMAILED : FAILED));
        }
    }

    /** {@inheritDoc} Retries receipts that are due. */
    @Override
    public void onIdle(final Emitter emitter)
    {
        retryDue(emitter);
    }

    /** {@inheritDoc} Sends the receipts whose outcome is not in the journal. */
    @Override
    public void onResume(final Emitter emitter)
    {
        for (int slot = 0, n = orders.capacity(); slot < n; slot++)
        {
            final long orderId = orders.orderIdAt(slot);
            if (orderId != 0 && (orders.get(slot, STATE) & CODE_MASK) == PENDING)
            {
                sendOrSchedule(orderId, emitter);
            }
        }
    }

    /** The first send of a receipt; when it fails, the receipt joins the retry schedule. */
    private void sendOrSchedule(final long orderId, final Emitter emitter)
    {
        if (!attempt(orderId, 0, emitter))
        {
            final int slot = orders.find(orderId);
            retries.add(orderId, orders.get(slot, CUSTOMER), orders.get(slot, AMOUNT),
                (short)(orders.get(slot, STATE) >>> CURRENCY_SHIFT), orders.get(slot, CAUSE), 1, clock.nanoTime());
        }
    }

    /**
     * One send of a held order's receipt. Returns true when the receipt is done with (sent, or failed for the last
     * time, both announced).
     */
    private boolean attempt(final long orderId, final int attemptsMade, final Emitter emitter)
    {
        final int slot = orders.find(orderId);
        if (slot < 0)
        {
            return true;
        }
        final long customerId = orders.get(slot, CUSTOMER);
        final long amount = orders.get(slot, AMOUNT);
        final short currency = (short)(orders.get(slot, STATE) >>> CURRENCY_SHIFT);
        final long causation = orders.get(slot, CAUSE);
        final long contact = orders.get(slot, CONTACT);
        final int attemptNo = attemptsMade + 1;
        boolean sent;
        try
        {
            sent = mailer.send(orderId, customerId, contacts.readBuffer(), contact == 0 ? 0 : Arena.offset(contact),
                Arena.length(contact), amount, currency);
        }
        catch (final RuntimeException ex)
        {
            sent = false;
        }
        if (sent || attemptNo >= maxAttempts)
        {
            out.reset(orderId, customerId).amount(amount, currency).attempt(attemptNo);
            if (!sent)
            {
                out.reason(StoreSchema.REASON_MAILER_UNAVAILABLE);
            }
            emitter.emit(sent ? RECEIPT_EMAILED : EMAIL_FAILED, StoreSchema.SCHEMA_VERSION, orderId, causation,
                OrderEventCodec.ENCODER, out);
            return true;
        }
        return false;
    }

    private void retryDue(final Emitter emitter)
    {
        retries.retryDue(clock, sendAttempt, emitter);
    }

    private boolean retrySend(final RetrySchedule schedule, final int i, final Emitter emitter)
    {
        return attempt(schedule.orderId(i), schedule.attempts(i), emitter);
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

    /** @return receipts waiting for a retry. */
    public int retriesPending()
    {
        return retries.size();
    }

    /** {@inheritDoc} */
    @Override
    public long digest()
    {
        return orders.digest(DIGESTED_FIELDS);
    }

    /** {@inheritDoc} */
    @Override
    public int takeSnapshot(final MutableDirectBuffer buffer)
    {
        return new SnapshotCodec.Writer().wrap(buffer).putTable(orders).putArena(contacts).length();
    }

    /** {@inheritDoc} */
    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length, final int version)
    {
        final SnapshotCodec.Reader reader = new SnapshotCodec.Reader().wrap(buffer, offset, length, version);
        reader.getTable(orders);
        reader.getArena(contacts);
        reader.end();
    }
}
