package dev.herald.store;

/**
 * Port to the warehouse, used by {@link WarehouseReaction} once an order is both paid and reserved.
 *
 * <p>Threading: called only from the warehouse stage's thread.
 */
public interface WarehouseClient
{
    /**
     * Ask the warehouse to ship an order. The order id is the idempotency key of a shipment: a request repeated after
     * a crash must return true without shipping twice.
     *
     * @param orderId    the order, paid and reserved; the idempotency key.
     * @param customerId its customer.
     * @return true when the warehouse accepted it; false to be retried.
     */
    boolean requestShipment(long orderId, long customerId);
}
