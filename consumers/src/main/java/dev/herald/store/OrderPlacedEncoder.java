package dev.herald.store;

import dev.herald.engine.PayloadEncoder;
import org.agrona.MutableDirectBuffer;

import static dev.herald.store.OrderPlacedDecoder.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Validates an {@link OrderRequest} and encodes it as an {@code OrderPlaced} payload ({@link OrderPlacedDecoder}).
 * Validation runs before the engine claims a slot, so a bad order never enters the ring; each rejection is an
 * {@link IllegalArgumentException} naming the field and its value.
 *
 * <p>Threading: a stateless singleton, safe from any number of publishing threads.
 */
public final class OrderPlacedEncoder implements PayloadEncoder<OrderRequest>
{
    /** The singleton. */
    public static final OrderPlacedEncoder INSTANCE = new OrderPlacedEncoder();

    private OrderPlacedEncoder()
    {
    }

    /**
     * {@inheritDoc}
     *
     * <p>Rejects: a non-positive order id, no items, more than {@link OrderPlacedDecoder#MAX_ITEMS} items, a quantity
     * that is not positive, a negative unit price, a SKU that appears on two lines, a total that is not the sum of
     * the lines, a currency the store does not support, and a contact that is missing, too long or not US-ASCII.
     */
    @Override
    public void validate(final OrderRequest order)
    {
        if (order.orderId() <= 0)
        {
            throw new IllegalArgumentException("invalid orderId=" + order.orderId() + ", must be positive");
        }
        final int itemCount = order.itemCount();
        if (itemCount == 0)
        {
            throw new IllegalArgumentException("invalid itemCount=0, an order needs at least one line item");
        }
        if (itemCount > MAX_ITEMS)
        {
            throw new IllegalArgumentException("invalid itemCount=" + itemCount + ", at most " + MAX_ITEMS);
        }
        long sum = 0;
        for (int i = 0; i < itemCount; i++)
        {
            final int quantity = order.quantity(i);
            if (quantity <= 0)
            {
                throw new IllegalArgumentException(
                    "invalid items[" + i + "].quantity=" + quantity + ", must be positive");
            }
            final long unitPrice = order.unitPrice(i);
            if (unitPrice < 0)
            {
                throw new IllegalArgumentException(
                    "invalid items[" + i + "].unitPrice=" + unitPrice + ", must not be negative");
            }
            final long sku = order.sku(i);
            for (int j = 0; j < i; j++)
            {
                if (order.sku(j) == sku)
                {
                    throw new IllegalArgumentException(
                        "invalid items[" + i + "].sku=" + sku + ", duplicates items[" + j + "]: one line per SKU");
                }
            }
            sum = OrderRequest.saturatedAdd(sum, OrderRequest.saturatedMultiply(quantity, unitPrice));
        }
        if (sum == Long.MAX_VALUE)
        {
            throw new IllegalArgumentException("invalid items, the sum of quantity * unitPrice overflows int64");
        }
        if (order.total() != sum)
        {
            throw new IllegalArgumentException(
                "invalid total=" + order.total() + ", must equal the sum of the line items=" + sum);
        }
        if (StoreSchema.currencyCode(order.currency()) == StoreSchema.UNKNOWN_CURRENCY)
        {
            throw new IllegalArgumentException(
                "invalid currency=" + order.currency() + ", supported: EUR USD GBP CHF SEK JPY");
        }
        final CharSequence contact = order.contact();
        if (contact == null || contact.length() == 0)
        {
            throw new IllegalArgumentException("invalid contact=" + contact + ", the receipt needs an address");
        }
        if (contact.length() > CONTACT_MAX_LENGTH)
        {
            throw new IllegalArgumentException(
                "invalid contact length=" + contact.length() + ", at most " + CONTACT_MAX_LENGTH);
        }
        for (int i = 0, n = contact.length(); i < n; i++)
        {
            final char c = contact.charAt(i);
            if (c < 0x20 || c > 0x7E)
            {
                throw new IllegalArgumentException(
                    "invalid contact[" + i + "]=0x" + Integer.toHexString(c) + ", must be printable US-ASCII");
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the slot is smaller than the order: give the engine a
     *                                  {@code maxMessageLength} of at least {@link OrderPlacedDecoder#MAX_FRAME_LENGTH}.
     */
    @Override
    public int encode(final OrderRequest order, final MutableDirectBuffer buffer, final int offset, final int maxLength)
    {
        final int itemCount = order.itemCount();
        final CharSequence contact = order.contact();
        final int contactLength = contact.length();
        final int length = payloadLength(itemCount, contactLength);
        if (length > maxLength)
        {
            throw new IllegalArgumentException("invalid maxLength=" + maxLength + ", OrderPlaced needs " + length);
        }
        buffer.putLong(offset + ORDER_ID_OFFSET, order.orderId(), LITTLE_ENDIAN);
        buffer.putLong(offset + CUSTOMER_ID_OFFSET, order.customerId(), LITTLE_ENDIAN);
        buffer.putLong(offset + TOTAL_OFFSET, order.total(), LITTLE_ENDIAN);
        buffer.putShort(offset + CURRENCY_OFFSET, StoreSchema.currencyCode(order.currency()), LITTLE_ENDIAN);
        buffer.putShort(offset + ITEM_COUNT_OFFSET, (short)itemCount, LITTLE_ENDIAN);
        buffer.putShort(offset + CONTACT_LENGTH_OFFSET, (short)contactLength, LITTLE_ENDIAN);
        buffer.putShort(offset + RESERVED_OFFSET, (short)0, LITTLE_ENDIAN);
        int itemOffset = offset + BLOCK_LENGTH;
        for (int i = 0; i < itemCount; i++)
        {
            buffer.putLong(itemOffset + ITEM_SKU_OFFSET, order.sku(i), LITTLE_ENDIAN);
            buffer.putLong(itemOffset + ITEM_UNIT_PRICE_OFFSET, order.unitPrice(i), LITTLE_ENDIAN);
            buffer.putInt(itemOffset + ITEM_QUANTITY_OFFSET, order.quantity(i), LITTLE_ENDIAN);
            buffer.putInt(itemOffset + ITEM_QUANTITY_OFFSET + 4, 0, LITTLE_ENDIAN);
            itemOffset += ITEM_LENGTH;
        }
        for (int i = 0; i < contactLength; i++)
        {
            buffer.putByte(itemOffset + i, (byte)contact.charAt(i));
        }
        return length;
    }
}
