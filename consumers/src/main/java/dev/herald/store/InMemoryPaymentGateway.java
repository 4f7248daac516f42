package dev.herald.store;

import org.agrona.collections.Long2LongCounterMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;

/**
 * An in-memory {@link PaymentGateway}: declines the cards of customers registered with
 * {@link #declineCustomer(long)}, can be made slow, failing or down through {@link #faults()}, and records every
 * capture and refund per order so tests can prove that no card is charged or refunded twice.
 *
 * <p>Threading: called from the payment stage; the query methods may be called from any thread (synchronized).
 */
public final class InMemoryPaymentGateway implements PaymentGateway
{
    private final PortFaults faults = new PortFaults();
    private final LongHashSet declinedCustomers = new LongHashSet();
    private final Long2LongHashMap capturesByOrder;
    private final Long2LongHashMap refundsByOrder;
    private final Long2LongCounterMap capturedByCurrency = new Long2LongCounterMap(16, 0.65f, 0);
    private final Long2LongCounterMap refundedByCurrency = new Long2LongCounterMap(16, 0.65f, 0);
    private long refundCalls;
    private long repeatedCalls;

    /** A port pre-sized for 1024 orders. */
    public InMemoryPaymentGateway()
    {
        this(1024);
    }

    /**
     * @param expectedOrders pre-sizes the per-order records, so recording allocates nothing until exceeded.
     */
    public InMemoryPaymentGateway(final int expectedOrders)
    {
        capturesByOrder = new Long2LongHashMap(Math.max(16, expectedOrders * 2), 0.65f, 0);
        refundsByOrder = new Long2LongHashMap(Math.max(16, expectedOrders * 2), 0.65f, 0);
    }

    /** @return the fault switches and call counter of {@link #capture}. */
    public PortFaults faults()
    {
        return faults;
    }

    /**
     * @param customerId whose card is declined from now on.
     * @return this for a fluent API.
     */
    public synchronized InMemoryPaymentGateway declineCustomer(final long customerId)
    {
        declinedCustomers.add(customerId);
        return this;
    }

    /** {@inheritDoc} */
    @Override
    public int capture(final long orderId, final long customerId, final long amount, final short currency)
    {
        if (!faults.enter())
        {
            return UNAVAILABLE;
        }
        synchronized (this)
        {
            if (declinedCustomers.contains(customerId))
            {
                return DECLINED;
            }
            if (capturesByOrder.get(orderId) > 0)
            {
                repeatedCalls++;
                return CAPTURED;
            }
            capturesByOrder.put(orderId, 1);
            capturedByCurrency.addAndGet(currency, amount);
            return CAPTURED;
        }
    }

    /** {@inheritDoc} The fault switches apply to refunds as well. */
    @Override
    public boolean refund(final long orderId, final long amount, final short currency)
    {
        synchronized (this)
        {
            refundCalls++;
        }
        if (!faults.enter())
        {
            return false;
        }
        synchronized (this)
        {
            if (refundsByOrder.get(orderId) > 0)
            {
                repeatedCalls++;
                return true;
            }
            refundsByOrder.put(orderId, 1);
            refundedByCurrency.addAndGet(currency, amount);
            return true;
        }
    }

    /**
     * @param orderId an order.
     * @return successful captures of it: 0 or 1 unless something is wrong.
     */
    public synchronized long captures(final long orderId)
    {
        return capturesByOrder.get(orderId);
    }

    /**
     * @param orderId an order.
     * @return successful refunds of it.
     */
    public synchronized long refunds(final long orderId)
    {
        return refundsByOrder.get(orderId);
    }

    /** @return the largest number of successful captures of any one order. */
    public synchronized long maxCapturesPerOrder()
    {
        return capturesByOrder.isEmpty() ? 0 : capturesByOrder.maxValue();
    }

    /** @return the largest number of successful refunds of any one order. */
    public synchronized long maxRefundsPerOrder()
    {
        return refundsByOrder.isEmpty() ? 0 : refundsByOrder.maxValue();
    }

    /**
     * @param currency ISO 4217 numeric code.
     * @return minor units captured in it.
     */
    public synchronized long captured(final short currency)
    {
        return capturedByCurrency.get(currency);
    }

    /**
     * @param currency ISO 4217 numeric code.
     * @return minor units refunded in it.
     */
    public synchronized long refunded(final short currency)
    {
        return refundedByCurrency.get(currency);
    }

    /**
     * @return calls recognised by their idempotency key (a capture or refund of an order already captured or
     * refunded) and answered without a second effect.
     */
    public synchronized long repeatedCalls()
    {
        return repeatedCalls;
    }

    /** @return refund calls, failed ones included. */
    public synchronized long refundCalls()
    {
        return refundCalls;
    }
}
