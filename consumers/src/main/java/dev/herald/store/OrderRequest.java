package dev.herald.store;

import java.util.Arrays;

/**
 * What the order service knows when it places an order: the producer-side source that
 * {@link OrderPlacedEncoder} validates and encodes. Mutable and reusable: {@link #reset()} and refill it for each
 * order, so placing orders allocates nothing once its arrays have grown to the largest basket.
 *
 * <pre>{@code
 * request.reset().orderId(42).customerId(7).currency("EUR").contact("ada@example.com")
 *     .addItem(1001, 2, 1_250).addItem(1002, 1, 999).computeTotal();
 * engine.publish(StoreMessageTypes.ORDER_PLACED, StoreSchema.SCHEMA_VERSION, request.orderId(),
 *     OrderPlacedEncoder.INSTANCE, request, 1, TimeUnit.SECONDS);
 * }</pre>
 *
 * <p>Threading: not thread-safe; one request per producing thread.
 */
public final class OrderRequest
{
    private long orderId;
    private long customerId;
    private long total;
    private CharSequence currency;
    private CharSequence contact;
    private int itemCount;
    private long[] skus = new long[OrderPlacedDecoder.MAX_ITEMS];
    private int[] quantities = new int[OrderPlacedDecoder.MAX_ITEMS];
    private long[] unitPrices = new long[OrderPlacedDecoder.MAX_ITEMS];

    /**
     * Forget the previous order.
     *
     * @return this for a fluent API.
     */
    public OrderRequest reset()
    {
        orderId = 0;
        customerId = 0;
        total = 0;
        currency = null;
        contact = null;
        itemCount = 0;
        return this;
    }

    /**
     * @param orderId positive, unique per order; the correlation id of every fact about it.
     * @return this for a fluent API.
     */
    public OrderRequest orderId(final long orderId)
    {
        this.orderId = orderId;
        return this;
    }

    /** @return the order id. */
    public long orderId()
    {
        return orderId;
    }

    /**
     * @param customerId who placed it.
     * @return this for a fluent API.
     */
    public OrderRequest customerId(final long customerId)
    {
        this.customerId = customerId;
        return this;
    }

    /** @return the customer id. */
    public long customerId()
    {
        return customerId;
    }

    /**
     * @param currency alphabetic ISO 4217 code, one of {@link StoreSchema#supportedCurrencies()}; kept by reference.
     * @return this for a fluent API.
     */
    public OrderRequest currency(final CharSequence currency)
    {
        this.currency = currency;
        return this;
    }

    /** @return the alphabetic currency code as given. */
    public CharSequence currency()
    {
        return currency;
    }

    /**
     * @param contact where the receipt goes, US-ASCII; kept by reference (a reused StringBuilder is fine).
     * @return this for a fluent API.
     */
    public OrderRequest contact(final CharSequence contact)
    {
        this.contact = contact;
        return this;
    }

    /** @return the contact as given. */
    public CharSequence contact()
    {
        return contact;
    }

    /**
     * @param total the order total in minor units, which must equal the sum of the line items.
     * @return this for a fluent API.
     */
    public OrderRequest total(final long total)
    {
        this.total = total;
        return this;
    }

    /** @return the total in minor units. */
    public long total()
    {
        return total;
    }

    /**
     * Set the total to the sum of the line items (saturating, so an overflow is caught by validation).
     *
     * @return this for a fluent API.
     */
    public OrderRequest computeTotal()
    {
        long sum = 0;
        for (int i = 0; i < itemCount; i++)
        {
            sum = saturatedAdd(sum, saturatedMultiply(quantities[i], unitPrices[i]));
        }
        total = sum;
        return this;
    }

    /**
     * Add a line item. More than {@link OrderPlacedDecoder#MAX_ITEMS} may be added; validation refuses them.
     *
     * @param sku       stock keeping unit.
     * @param quantity  units, positive.
     * @param unitPrice minor units per unit, not negative.
     * @return this for a fluent API.
     */
    public OrderRequest addItem(final long sku, final int quantity, final long unitPrice)
    {
        if (itemCount == skus.length)
        {
            skus = Arrays.copyOf(skus, itemCount * 2);
            quantities = Arrays.copyOf(quantities, itemCount * 2);
            unitPrices = Arrays.copyOf(unitPrices, itemCount * 2);
        }
        skus[itemCount] = sku;
        quantities[itemCount] = quantity;
        unitPrices[itemCount] = unitPrice;
        itemCount++;
        return this;
    }

    /** @return number of line items. */
    public int itemCount()
    {
        return itemCount;
    }

    /**
     * @param index of a line item.
     * @return its SKU.
     */
    public long sku(final int index)
    {
        return skus[index];
    }

    /**
     * @param index of a line item.
     * @return its quantity.
     */
    public int quantity(final int index)
    {
        return quantities[index];
    }

    /**
     * @param index of a line item.
     * @return its unit price.
     */
    public long unitPrice(final int index)
    {
        return unitPrices[index];
    }

    static long saturatedMultiply(final long a, final long b)
    {
        final long hi = Math.multiplyHigh(a, b);
        final long lo = a * b;
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0))
        {
            return lo;
        }
        return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    static long saturatedAdd(final long a, final long b)
    {
        final long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0)
        {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }
}
