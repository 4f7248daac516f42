package dev.herald.store;

/**
 * Mutable source of a follow-up fact, encoded by {@link OrderEventCodec#ENCODER}. Each reaction owns one and
 * refills it for every fact it announces, so announcing allocates nothing.
 *
 * <p>Threading: not thread-safe; owned by one stage.
 */
public final class OrderEvent
{
    long orderId;
    long customerId;
    long amount;
    long sku;
    int quantity;
    short currency;
    short reason;
    int attempt;

    /**
     * Start a new fact about an order, clearing the other fields.
     *
     * @param orderId    the order.
     * @param customerId its customer.
     * @return this for a fluent API.
     */
    public OrderEvent reset(final long orderId, final long customerId)
    {
        this.orderId = orderId;
        this.customerId = customerId;
        amount = 0;
        sku = 0;
        quantity = 0;
        currency = 0;
        reason = StoreSchema.REASON_NONE;
        attempt = 0;
        return this;
    }

    /**
     * Fill a {@code StockReceived} fact: publish it with the receipt id as correlation id.
     *
     * @param receiptId unique per delivery of goods; a repeated receipt id is applied once.
     * @param sku       stock keeping unit.
     * @param units     units received, positive.
     * @return this for a fluent API.
     */
    public OrderEvent stockReceived(final long receiptId, final long sku, final int units)
    {
        return reset(receiptId, 0).item(sku, units);
    }

    /**
     * @param amount   minor units, or points.
     * @param currency ISO 4217 numeric code, or 0 for points.
     * @return this for a fluent API.
     */
    public OrderEvent amount(final long amount, final short currency)
    {
        this.amount = amount;
        this.currency = currency;
        return this;
    }

    /**
     * @param sku      a SKU.
     * @param quantity a unit count.
     * @return this for a fluent API.
     */
    public OrderEvent item(final long sku, final int quantity)
    {
        this.sku = sku;
        this.quantity = quantity;
        return this;
    }

    /**
     * @param reason a {@code StoreSchema.REASON_*} code.
     * @return this for a fluent API.
     */
    public OrderEvent reason(final short reason)
    {
        this.reason = reason;
        return this;
    }

    /**
     * @param attempt the attempt number that succeeded or failed last.
     * @return this for a fluent API.
     */
    public OrderEvent attempt(final int attempt)
    {
        this.attempt = attempt;
        return this;
    }
}
