package dev.herald.store;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;

/**
 * An in-memory {@link Mailer} that can be made slow, failing or down through {@link #faults()} and records the
 * receipts sent per order.
 *
 * <p>Threading: called from the email stage; query methods may be called from any thread (synchronized).
 */
public final class InMemoryMailer implements Mailer
{
    private final PortFaults faults = new PortFaults();
    private final Long2LongHashMap sentByOrder;
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
        sentByOrder = new Long2LongHashMap(Math.max(16, expectedOrders * 2), 0.65f, 0);
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
            if (sentByOrder.get(orderId) > 0)
            {
                repeatedCalls++;
                return true;
            }
            sentByOrder.put(orderId, 1);
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
     * @return receipts sent for it.
     */
    public synchronized long sent(final long orderId)
    {
        return sentByOrder.get(orderId);
    }

    /** @return the largest number of receipts sent for one order. */
    public synchronized long maxSentPerOrder()
    {
        return sentByOrder.isEmpty() ? 0 : sentByOrder.maxValue();
    }
}
