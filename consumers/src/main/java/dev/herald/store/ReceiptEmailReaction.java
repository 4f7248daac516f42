package dev.herald.store;

import dev.herald.engine.Emitter;
import dev.herald.journal.RecordDescriptor;
import dev.herald.journal.RecordView;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.NanoClock;

import static dev.herald.store.StoreMessageTypes.*;

/**
 * Stage {@value Store#STAGE_EMAIL}: sends the receipt of every completed order through a {@link Mailer} and
 * announces {@code ReceiptEmailed}, or {@code EmailFailed} after the last attempt.
 *
 * <p>A failed send never blocks the stage: the order goes into a retry schedule with capped exponential backoff,
 * retried from the idle tick and between messages, so a mail outage delays receipts, not orders. The contact comes
 * from {@code OrderPlaced} and is kept in a byte arena keyed by order id. What it knows per order: PENDING
 * (OrderCompleted seen), EMAILED, FAILED, learned from its own facts when they come back through the ring; the
 * retry schedule is what it does, and is not digested.
 *
 * <p>Threading: runs on its stage's thread; see {@link Reaction}.
 */
public final class ReceiptEmailReaction implements Reaction
{
    /** Order state: completed, receipt outcome not yet announced. */
    public static final int PENDING = 1;
    /** Order state: receipt sent. */
    public static final int EMAILED = 2;
    /** Order state: every attempt failed. */
    public static final int FAILED = 3;

    private final Mailer mailer;
    private final NanoClock clock;
    private final int maxAttempts;
    private final Long2LongHashMap states;
    private final Long2LongHashMap contactRefs;
    private final ExpandableArrayBuffer contacts;
    private final RetrySchedule retries;
    private final OrderPlacedCodec placed = new OrderPlacedCodec();
    private final OrderEventCodec event = new OrderEventCodec();
    private final OrderEvent out = new OrderEvent();
    private int contactsLength;
    private boolean resumed;

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
        if (maxAttempts < 1)
        {
            throw new IllegalArgumentException("invalid maxAttempts=" + maxAttempts + ", must be at least 1");
        }
        this.mailer = mailer;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        states = new Long2LongHashMap(Math.max(16, expectedOrders * 2), 0.65f, 0);
        contactRefs = new Long2LongHashMap(Math.max(16, expectedOrders * 2), 0.65f, -1);
        contacts = new ExpandableArrayBuffer(Math.max(1024, expectedOrders * 32));
        retries = new RetrySchedule(64, initialBackoffNs, maxBackoffNs);
    }

    /** {@inheritDoc} */
    @Override
    public String stageName()
    {
        return Store.STAGE_EMAIL;
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
            {
                placed.wrap(message);
                final long orderId = placed.orderId();
                if (contactRefs.get(orderId) == -1)
                {
                    final int length = placed.getContact(contacts, contactsLength);
                    contactRefs.put(orderId, ((long)contactsLength << 16) | length);
                    contactsLength += length;
                }
                break;
            }
            case ORDER_COMPLETED:
            {
                event.wrap(message);
                final long orderId = event.orderId();
                if (states.get(orderId) == 0)
                {
                    states.put(orderId, PENDING);
                    if (live)
                    {
                        attempt(orderId, event.customerId(), event.amount(), event.currency(), message.sequence(), 0,
                            -1, emitter);
                    }
                }
                break;
            }
            case RECEIPT_EMAILED:
                settle(message, EMAILED);
                break;
            case EMAIL_FAILED:
                settle(message, FAILED);
                break;
            default:
                break;
        }
        if (live)
        {
            retryDue(emitter);
        }
    }

    /** {@inheritDoc} Retries receipts that are due. */
    @Override
    public void onIdle(final Emitter emitter)
    {
        if (!resumed)
        {
            resume();
        }
        retryDue(emitter);
    }

    private void settle(final RecordView message, final int state)
    {
        final long orderId = event.wrap(message).orderId();
        if (states.get(orderId) == PENDING || states.get(orderId) == 0)
        {
            states.put(orderId, state);
        }
    }

    /**
     * One send. Returns true when the order left the schedule (sent, or failed for the last time).
     */
    private boolean attempt(
        final long orderId,
        final long customerId,
        final long amount,
        final short currency,
        final long causation,
        final int attemptsMade,
        final int retryIndex,
        final Emitter emitter)
    {
        final int attemptNo = attemptsMade + 1;
        final long ref = contactRefs.get(orderId);
        final int contactOffset = ref == -1 ? 0 : (int)(ref >>> 16);
        final int contactLength = ref == -1 ? 0 : (int)(ref & 0xFFFF);
        boolean sent;
        try
        {
            sent = mailer.send(orderId, customerId, contacts, contactOffset, contactLength, amount, currency);
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
        final long now = clock.nanoTime();
        if (retryIndex < 0)
        {
            retries.add(orderId, customerId, amount, currency, causation, attemptNo, now);
        }
        else
        {
            retries.retryLater(retryIndex, now);
        }
        return false;
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
            if (retries.isDue(i, now) && attempt(retries.orderId(i), retries.customerId(i), retries.amount(i),
                retries.currency(i), retries.causation(i), retries.attempts(i), i, emitter))
            {
                retries.removeAt(i);
            }
        }
        retries.recomputeEarliestDue();
    }

    /** After a replay, receipts of completed orders with no outcome are still owed: schedule them. */
    private void resume()
    {
        resumed = true;
        final long now = clock.nanoTime();
        states.forEachLong((orderId, state) ->
        {
            if (state == PENDING)
            {
                retries.add(orderId, 0, 0, (short)0, RecordDescriptor.NO_CAUSATION, 0, now);
            }
        });
    }

    /**
     * @param orderId an order.
     * @return its state constant, or 0 when unknown.
     */
    public int state(final long orderId)
    {
        return (int)states.get(orderId);
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
        return Digests.combine(Digests.of(states), Digests.of(contactRefs));
    }
}
