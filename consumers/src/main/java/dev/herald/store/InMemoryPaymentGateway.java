package dev.herald.store;

import org.agrona.collections.Long2LongCounterMap;
import org.agrona.collections.LongHashSet;

/**
 * An in-memory {@link PaymentGateway}: declines the cards of customers registered with
 * {@link #declineCustomer(long)}, can be made slow, failing or down through {@link #faults()}, and honours the
 * idempotency key of every capture and refund (the order id): a repeated call is counted and has no second effect.
 * It remembers the keys of the last {@code remember} orders (262,144 by default), so its memory stays bounded.
 *
 * <p>Threading: called from the payment stage; the query methods may be called from any thread (synchronized).
 */
public final class InMemoryPaymentGateway implements PaymentGateway
{
    private final PortFaults faults = new PortFaults();
    private final LongHashSet declinedCustomers = new LongHashSet();
    private final IdempotencyKeys captures;
    private final IdempotencyKeys refunds;
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
        this(expectedOrders, IdempotencyKeys.REMEMBER_DEFAULT);
    }

    /**
     * @param expectedOrders pre-sizes the per-order records.
     * @param remember       orders whose captures and refunds are remembered, the most recent ones.
     */
    public InMemoryPaymentGateway(final int expectedOrders, final int remember)
    {
        captures = new IdempotencyKeys(Math.max(16, expectedOrders), remember);
        refunds = new IdempotencyKeys(Math.max(16, expectedOrders), remember);
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
            if (!captures.firstCall(orderId))
            {
                repeatedCalls++;
                return CAPTURED;
            }
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
            if (!refunds.firstCall(orderId))
            {
                repeatedCalls++;
                return true;
            }
            refundedByCurrency.addAndGet(currency, amount);
            return true;
        }
    }

    /**
     * @param orderId an order.
     * @return successful captures of it remembered: 0 or 1.
     */
    public synchronized long captures(final long orderId)
    {
        return captures.count(orderId);
    }

    /**
     * @param orderId an order.
     * @return successful refunds of it remembered: 0 or 1.
     */
    public synchronized long refunds(final long orderId)
    {
        return refunds.count(orderId);
    }

    /** @return the largest number of successful captures of any one order. */
    public synchronized long maxCapturesPerOrder()
    {
        return captures.maxPerKey();
    }

    /** @return the largest number of successful refunds of any one order. */
    public synchronized long maxRefundsPerOrder()
    {
        return refunds.maxPerKey();
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
