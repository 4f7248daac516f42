package dev.herald.store;

/**
 * An in-memory {@link WarehouseClient} that can be made slow, failing or down through {@link #faults()} and
 * honours the idempotency key of a shipment (the order id) for the last {@code remember} orders (262,144 by
 * default).
 *
 * <p>Threading: called from the warehouse stage; query methods may be called from any thread (synchronized).
 */
public final class InMemoryWarehouseClient implements WarehouseClient
{
    private final PortFaults faults = new PortFaults();
    private final IdempotencyKeys requestsByOrder;
    private long requested;
    private long repeatedCalls;

    /** A port pre-sized for 1024 orders. */
    public InMemoryWarehouseClient()
    {
        this(1024);
    }

    /**
     * @param expectedOrders pre-sizes the per-order records, so recording allocates nothing until exceeded.
     */
    public InMemoryWarehouseClient(final int expectedOrders)
    {
        this(expectedOrders, IdempotencyKeys.REMEMBER_DEFAULT);
    }

    /**
     * @param expectedOrders pre-sizes the per-order records.
     * @param remember       orders whose shipments are remembered, the most recent ones.
     */
    public InMemoryWarehouseClient(final int expectedOrders, final int remember)
    {
        requestsByOrder = new IdempotencyKeys(Math.max(16, expectedOrders), remember);
    }

    /** @return the fault switches and call counter. */
    public PortFaults faults()
    {
        return faults;
    }

    /** {@inheritDoc} */
    @Override
    public boolean requestShipment(final long orderId, final long customerId)
    {
        if (!faults.enter())
        {
            return false;
        }
        synchronized (this)
        {
            if (!requestsByOrder.firstCall(orderId))
            {
                repeatedCalls++;
                return true;
            }
            requested++;
        }
        return true;
    }

    /** @return requests for a shipment already requested, recognised by the order id and not shipped again. */
    public synchronized long repeatedCalls()
    {
        return repeatedCalls;
    }

    /** @return shipments requested. */
    public synchronized long requested()
    {
        return requested;
    }

    /**
     * @param orderId an order.
     * @return shipments requested for it that are remembered: 0 or 1.
     */
    public synchronized long requested(final long orderId)
    {
        return requestsByOrder.count(orderId);
    }

    /** @return the largest number of shipments requested for one order. */
    public synchronized long maxRequestsPerOrder()
    {
        return requestsByOrder.maxPerKey();
    }
}
