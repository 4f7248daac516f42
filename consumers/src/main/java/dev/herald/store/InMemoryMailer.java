package dev.herald.store;

import org.agrona.DirectBuffer;

/**
 * An in-memory {@link Mailer} that can be made slow, failing or down through {@link #faults()} and honours the
 * idempotency key of a receipt (the order id) for the last {@code remember} orders (262,144 by default).
 *
 * <p>Threading: called from the email stage; query methods may be called from any thread (synchronized).
 */
public final class InMemoryMailer implements Mailer
{
    private final PortFaults faults = new PortFaults();
    private final IdempotencyKeys sentByOrder;
    private long sent;
    private long repeatedCalls;

    /** A port pre-sized for 1024 orders. */
    public InMemoryMailer()
    {
        this(1024);
    }

    /**
     * @param expectedOrders pre-sizes the per-order records, so recording allocates nothing until exceeded.
     */
    public InMemoryMailer(final int expectedOrders)
    {
        this(expectedOrders, IdempotencyKeys.REMEMBER_DEFAULT);
    }

    /**
     * @param expectedOrders pre-sizes the per-order records.
     * @param remember       orders whose receipts are remembered, the most recent ones.
     */
    public InMemoryMailer(final int expectedOrders, final int remember)
    {
        sentByOrder = new IdempotencyKeys(Math.max(16, expectedOrders), remember);
    }

    /** @return the fault switches and call counter. */
    public PortFaults faults()
    {
        return faults;
    }

    /** {@inheritDoc} */
    @Override
    public boolean send(
        final long orderId,
        final long customerId,
        final DirectBuffer contact,
        final int contactOffset,
        final int contactLength,
        final long amount,
        final short currency)
    {
        if (!faults.enter())
        {
            return false;
        }
        synchronized (this)
        {
            if (!sentByOrder.firstCall(orderId))
            {
                repeatedCalls++;
                return true;
            }
            sent++;
        }
        return true;
    }

    /** @return sends of a receipt already sent, recognised by the order id and answered without a second mail. */
    public synchronized long repeatedCalls()
    {
        return repeatedCalls;
    }

    /** @return receipts sent. */
    public synchronized long sent()
    {
        return sent;
    }

    /**
     * @param orderId an order.
     * @return receipts sent for it that are remembered: 0 or 1.
     */
    public synchronized long sent(final long orderId)
    {
        return sentByOrder.count(orderId);
    }

    /** @return the largest number of receipts sent for one order. */
    public synchronized long maxSentPerOrder()
    {
        return sentByOrder.maxPerKey();
    }
}
