package dev.herald.store;

import org.agrona.collections.Long2LongHashMap;

/**
 * An in-memory {@link WarehouseClient} that can be made slow, failing or down through {@link #faults()} and
 * records the shipments requested per order.
 *
 * <p>Threading: called from the warehouse stage; query methods may be called from any thread (synchronized).
 */
public final class InMemoryWarehouseClient implements WarehouseClient
{
    private final PortFaults faults = new PortFaults();
    private final Long2LongHashMap requestsByOrder;
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
        requestsByOrder = new Long2LongHashMap(Math.max(16, expectedOrders * 2), 0.65f, 0);
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
            if (requestsByOrder.get(orderId) > 0)
            {
                repeatedCalls++;
                return true;
            }
            requestsByOrder.put(orderId, 1);
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
     * @return shipments requested for it.
     */
    public synchronized long requested(final long orderId)
    {
        return requestsByOrder.get(orderId);
    }

    /** @return the largest number of shipments requested for one order. */
    public synchronized long maxRequestsPerOrder()
    {
        return requestsByOrder.isEmpty() ? 0 : requestsByOrder.maxValue();
    }
}
