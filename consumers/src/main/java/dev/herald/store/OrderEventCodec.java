package dev.herald.store;

import dev.herald.engine.PayloadEncoder;
import dev.herald.journal.RecordView;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Descriptor and flyweight of the one fixed layout shared by every follow-up fact (every store type but
 * {@link StoreMessageTypes#ORDER_PLACED}). The message type in the header says which fact a payload is; each fact
 * uses the fields that {@code docs/events.md} lists for it and writes zero in the others. Sharing one layout keeps
 * the number of codecs small and lets tools print any follow-up fact; the cost is 48 bytes where some facts would
 * need 24, which is noise beside the 48-byte header.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        Order Id (int64)                       |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                      Customer Id (int64)                      |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        Amount: minor units, or points for loyalty (int64)     | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                           SKU (int64)                         | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                         Quantity (int32)                      | 32
 *  +-------------------------------+-------------------------------+
 *  |   Currency, ISO 4217 (int16)  |         Reason (int16)        | 36
 *  +-------------------------------+-------------------------------+
 *  |                         Attempt (int32)                       | 40
 *  +---------------------------------------------------------------+
 *  |                        Reserved (int32)                       | 44
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Threading: a flyweight is used by one thread at a time; {@link #ENCODER} is a stateless singleton.
 */
public final class OrderEventCodec
{
    /** Offset of the order id; equal to the header's correlation id. */
    public static final int ORDER_ID_OFFSET = 0;
    /** Offset of the customer id. */
    public static final int CUSTOMER_ID_OFFSET = 8;
    /** Offset of the amount: minor units of {@code currency}, or loyalty points. */
    public static final int AMOUNT_OFFSET = 16;
    /** Offset of a SKU (the short one in OutOfStock). */
    public static final int SKU_OFFSET = 24;
    /** Offset of a unit count. */
    public static final int QUANTITY_OFFSET = 32;
    /** Offset of the ISO 4217 numeric currency code. */
    public static final int CURRENCY_OFFSET = 36;
    /** Offset of a {@code StoreSchema.REASON_*} code. */
    public static final int REASON_OFFSET = 38;
    /** Offset of the attempt number (email, warehouse, refund). */
    public static final int ATTEMPT_OFFSET = 40;
    /** Offset of a reserved int32, written as zero. */
    public static final int RESERVED_OFFSET = 44;
    /** Length of the payload. */
    public static final int BLOCK_LENGTH = 48;

    /** Encodes an {@link OrderEvent}; non-capturing, allocation-free. */
    public static final PayloadEncoder<OrderEvent> ENCODER = new Encoder();

    private DirectBuffer buffer;
    private int offset;

    /**
     * @param buffer holding the payload.
     * @param offset of the payload.
     * @return this for a fluent API.
     */
    public OrderEventCodec wrap(final DirectBuffer buffer, final int offset)
    {
        if (this.buffer != buffer) // as in RecordView.wrap: a reference store pays the collector's write barrier
        {
            this.buffer = buffer;
        }
        this.offset = offset;
        return this;
    }

    /**
     * Point at a message's payload, refusing one too short for this layout.
     *
     * @param message a follow-up fact.
     * @return this for a fluent API.
     * @throws IllegalArgumentException naming the payload length.
     */
    public OrderEventCodec wrap(final RecordView message)
    {
        if (message.payloadLength() < BLOCK_LENGTH)
        {
            throw new IllegalArgumentException("invalid payloadLength=" + message.payloadLength() + " at sequence=" +
                message.sequence() + ", " + StoreMessageTypes.name(message.messageType()) + " needs " + BLOCK_LENGTH);
        }
        return wrap(message.buffer(), message.payloadOffset());
    }

    /** @return the order id. */
    public long orderId()
    {
        return buffer.getLong(offset + ORDER_ID_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the customer id. */
    public long customerId()
    {
        return buffer.getLong(offset + CUSTOMER_ID_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the amount in minor units, or points. */
    public long amount()
    {
        return buffer.getLong(offset + AMOUNT_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the SKU, or 0. */
    public long sku()
    {
        return buffer.getLong(offset + SKU_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the quantity, or 0. */
    public int quantity()
    {
        return buffer.getInt(offset + QUANTITY_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the ISO 4217 numeric currency code, or 0. */
    public short currency()
    {
        return buffer.getShort(offset + CURRENCY_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the reason code. */
    public short reason()
    {
        return buffer.getShort(offset + REASON_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the attempt number, or 0. */
    public int attempt()
    {
        return buffer.getInt(offset + ATTEMPT_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * Append the fields to a builder, for tools (allocates only as the builder grows). Fields a fact leaves at zero
     * are left out, so each fact prints what it means.
     *
     * @param out to append to.
     * @return out.
     */
    public StringBuilder appendTo(final StringBuilder out)
    {
        out.append("orderId=").append(orderId()).append(" customerId=").append(customerId());
        if (amount() != 0)
        {
            out.append(" amount=").append(amount());
            if (currency() != 0)
            {
                out.append(' ').append(StoreSchema.currencyName(currency()));
            }
        }
        if (sku() != 0)
        {
            out.append(" sku=").append(sku());
        }
        if (quantity() != 0)
        {
            out.append(" quantity=").append(quantity());
        }
        if (reason() != StoreSchema.REASON_NONE)
        {
            out.append(" reason=").append(StoreSchema.reasonName(reason()));
        }
        if (attempt() != 0)
        {
            out.append(" attempt=").append(attempt());
        }
        return out;
    }

    private static final class Encoder implements PayloadEncoder<OrderEvent>
    {
        @Override
        public int encode(
            final OrderEvent event, final MutableDirectBuffer buffer, final int offset, final int maxLength)
        {
            if (maxLength < BLOCK_LENGTH)
            {
                throw new IllegalArgumentException("invalid maxLength=" + maxLength + ", need " + BLOCK_LENGTH);
            }
            buffer.putLong(offset + ORDER_ID_OFFSET, event.orderId, LITTLE_ENDIAN);
            buffer.putLong(offset + CUSTOMER_ID_OFFSET, event.customerId, LITTLE_ENDIAN);
            buffer.putLong(offset + AMOUNT_OFFSET, event.amount, LITTLE_ENDIAN);
            buffer.putLong(offset + SKU_OFFSET, event.sku, LITTLE_ENDIAN);
            buffer.putInt(offset + QUANTITY_OFFSET, event.quantity, LITTLE_ENDIAN);
            buffer.putShort(offset + CURRENCY_OFFSET, event.currency, LITTLE_ENDIAN);
            buffer.putShort(offset + REASON_OFFSET, event.reason, LITTLE_ENDIAN);
            buffer.putInt(offset + ATTEMPT_OFFSET, event.attempt, LITTLE_ENDIAN);
            buffer.putInt(offset + RESERVED_OFFSET, 0, LITTLE_ENDIAN);
            return BLOCK_LENGTH;
        }
    }
}
