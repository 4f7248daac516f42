package dev.herald.store;

import dev.herald.journal.RecordView;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.Iterator;
import java.util.NoSuchElementException;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Descriptor and read-only flyweight of the {@code OrderPlaced} payload (message type {@link StoreMessageTypes#ORDER_PLACED},
 * schema version {@link StoreSchema#SCHEMA_VERSION}): a fixed block, a repeating group of line items and the
 * customer contact as trailing variable data, SBE-style. All fields are little-endian; amounts are in minor units
 * of the currency.
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
 *  |                  Total, minor units (int64)                   | 16
 *  |                                                               |
 *  +-------------------------------+-------------------------------+
 *  |   Currency, ISO 4217 (int16)  |      Item Count (uint16)      | 24
 *  +-------------------------------+-------------------------------+
 *  |    Contact Length (uint16)    |        Reserved (int16)       | 28
 *  +-------------------------------+-------------------------------+
 *  |                 Line item 0: SKU (int64)                      | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |           Line item 0: Unit Price, minor units (int64)        | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |               Line item 0: Quantity (int32)                   | 48
 *  +---------------------------------------------------------------+
 *  |               Line item 0: Reserved (int32)                   | 52
 *  +---------------------------------------------------------------+
 *  |             ... Item Count items of 24 bytes ...             ...
 *  +---------------------------------------------------------------+
 *  |      Contact, Contact Length US-ASCII bytes, no padding      ...  32 + 24 * Item Count
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>It is written only by {@link OrderPlacedEncoder}, from an {@link OrderRequest}, after validation; this class reads
 * it, and {@link #wrap(RecordView)} refuses a payload of another schema version or whose counts do not fit.
 *
 * <p>Threading: a flyweight is used by one thread at a time; each thread keeps its own.
 */
public final class OrderPlacedDecoder
{
    /** Offset of the order id, also the correlation id of every fact about the order. */
    public static final int ORDER_ID_OFFSET = 0;
    /** Offset of the customer id. */
    public static final int CUSTOMER_ID_OFFSET = 8;
    /** Offset of the order total in minor units: the sum of quantity * unit price over the items. */
    public static final int TOTAL_OFFSET = 16;
    /** Offset of the ISO 4217 numeric currency code. */
    public static final int CURRENCY_OFFSET = 24;
    /** Offset of the number of line items. */
    public static final int ITEM_COUNT_OFFSET = 26;
    /** Offset of the contact length in bytes. */
    public static final int CONTACT_LENGTH_OFFSET = 28;
    /** Offset of a reserved int16, written as zero. */
    public static final int RESERVED_OFFSET = 30;
    /** Length of the fixed block; the line items start here. */
    public static final int BLOCK_LENGTH = 32;

    /** Offset of the SKU within a line item. */
    public static final int ITEM_SKU_OFFSET = 0;
    /** Offset of the unit price within a line item. */
    public static final int ITEM_UNIT_PRICE_OFFSET = 8;
    /** Offset of the quantity within a line item. */
    public static final int ITEM_QUANTITY_OFFSET = 16;
    /** Length of one line item. */
    public static final int ITEM_LENGTH = 24;

    private static final long NO_SEQUENCE = -1;

    /** Most line items one order may hold. */
    public static final int MAX_ITEMS = 32;
    /** Longest contact in bytes. */
    public static final int CONTACT_MAX_LENGTH = 128;
    /** Longest payload: a full order. */
    public static final int MAX_PAYLOAD_LENGTH = BLOCK_LENGTH + MAX_ITEMS * ITEM_LENGTH + CONTACT_MAX_LENGTH;
    /** Longest frame, header included: the smallest slot capacity ({@code maxMessageLength}) the store needs. */
    public static final int MAX_FRAME_LENGTH = dev.herald.journal.RecordDescriptor.HEADER_LENGTH + MAX_PAYLOAD_LENGTH;

    private final Items items = new Items();
    private DirectBuffer buffer;
    private int offset;

    /**
     * Payload length of an order.
     *
     * @param itemCount     number of line items.
     * @param contactLength contact bytes.
     * @return bytes the payload occupies.
     */
    public static int payloadLength(final int itemCount, final int contactLength)
    {
        return BLOCK_LENGTH + itemCount * ITEM_LENGTH + contactLength;
    }

    /**
     * Point the flyweight at a payload for reading, without checks.
     *
     * @param buffer holding the payload.
     * @param offset of the payload's first byte.
     * @return this for a fluent API.
     */
    public OrderPlacedDecoder wrap(final DirectBuffer buffer, final int offset)
    {
        if (this.buffer != buffer) // as in RecordView.wrap: a reference store pays the collector's write barrier
        {
            this.buffer = buffer;
        }
        this.offset = offset;
        return this;
    }

    /**
     * Point the flyweight at the payload of a message, checking its schema version and that the payload holds what
     * its counts claim, so a damaged, foreign or newer frame is refused rather than misread.
     *
     * @param message an {@code OrderPlaced} frame.
     * @return this for a fluent API.
     * @throws IllegalArgumentException naming the field that does not fit.
     */
    public OrderPlacedDecoder wrap(final RecordView message)
    {
        if (message.schemaVersion() != StoreSchema.SCHEMA_VERSION)
        {
            throw new IllegalArgumentException("invalid schemaVersion=" + message.schemaVersion() + " at sequence=" +
                message.sequence() + ", this store reads OrderPlaced of version " + StoreSchema.SCHEMA_VERSION);
        }
        return wrap(message.buffer(), message.payloadOffset(), message.payloadLength(), message.sequence());
    }

    /**
     * Point the flyweight at a payload of known length that came from outside (a Kafka record's value), checking
     * that it holds what its counts claim.
     *
     * @param buffer holding the payload.
     * @param offset of its first byte.
     * @param length of the payload.
     * @return this for a fluent API.
     * @throws IllegalArgumentException naming the field that does not fit.
     */
    public OrderPlacedDecoder wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        return wrap(buffer, offset, length, NO_SEQUENCE);
    }

    /** Checks on every fact, so the error text (which allocates) is built only when one fails. */
    private OrderPlacedDecoder wrap(final DirectBuffer buffer, final int offset, final int length, final long sequence)
    {
        if (length < BLOCK_LENGTH)
        {
            throw new IllegalArgumentException("invalid payloadLength=" + length + where(sequence) +
                ", OrderPlaced needs at least " + BLOCK_LENGTH);
        }
        wrap(buffer, offset);
        final int itemCount = itemCount();
        final int contactLength = contactLength();
        if (itemCount > MAX_ITEMS || contactLength > CONTACT_MAX_LENGTH ||
            payloadLength(itemCount, contactLength) > length)
        {
            throw new IllegalArgumentException("invalid itemCount=" + itemCount + " contactLength=" +
                contactLength + where(sequence) + ", payloadLength=" + length);
        }
        return this;
    }

    private static String where(final long sequence)
    {
        return sequence == NO_SEQUENCE ? "" : " at sequence=" + sequence;
    }

    /**
     * Fill a request with this order, for publishing it again (a Kafka source does, so it is validated as any
     * publish). The currency becomes its alphabetic code ("???" when unsupported, which validation refuses).
     *
     * @param request filled; reset first.
     * @param contact receives the contact; the request keeps it by reference.
     * @return the request.
     */
    public OrderRequest copyTo(final OrderRequest request, final StringBuilder contact)
    {
        request.reset().orderId(orderId()).customerId(customerId()).total(total());
        request.currency(StoreSchema.currencyName(currency()));
        for (int i = 0, n = itemCount(); i < n; i++)
        {
            request.addItem(sku(i), quantity(i), unitPrice(i));
        }
        contact.setLength(0);
        for (int i = 0, n = contactLength(), at = contactOffset(); i < n; i++)
        {
            contact.append((char)(buffer.getByte(at + i) & 0xFF));
        }
        return request.contact(contact);
    }


    /** @return the buffer wrapped. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return offset of the payload in {@link #buffer()}. */
    public int offset()
    {
        return offset;
    }

    /** @return bytes this payload occupies, from its counts. */
    public int encodedLength()
    {
        return payloadLength(itemCount(), contactLength());
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


    /** @return the total in minor units. */
    public long total()
    {
        return buffer.getLong(offset + TOTAL_OFFSET, LITTLE_ENDIAN);
    }


    /** @return the ISO 4217 numeric currency code. */
    public short currency()
    {
        return buffer.getShort(offset + CURRENCY_OFFSET, LITTLE_ENDIAN);
    }


    /** @return the number of line items. */
    public int itemCount()
    {
        return buffer.getShort(offset + ITEM_COUNT_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }


    /**
     * @param index of a line item, below {@link #itemCount()}.
     * @return its SKU.
     */
    public long sku(final int index)
    {
        return buffer.getLong(itemOffset(index) + ITEM_SKU_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @param index of a line item.
     * @return its quantity.
     */
    public int quantity(final int index)
    {
        return buffer.getInt(itemOffset(index) + ITEM_QUANTITY_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @param index of a line item.
     * @return its unit price in minor units.
     */
    public long unitPrice(final int index)
    {
        return buffer.getLong(itemOffset(index) + ITEM_UNIT_PRICE_OFFSET, LITTLE_ENDIAN);
    }


    /**
     * The line items as a reusable cursor, SBE-style: {@code for (OrderPlacedDecoder.Items item : codec.items())}
     * allocates nothing, and the cursor is valid until the next call.
     *
     * @return the cursor, rewound.
     */
    public Items items()
    {
        items.index = -1;
        items.count = itemCount();
        return items;
    }

    /** @return total units over all line items. */
    public long totalUnits()
    {
        long units = 0;
        for (int i = 0, n = itemCount(); i < n; i++)
        {
            units += quantity(i);
        }
        return units;
    }

    /** @return the contact length in bytes. */
    public int contactLength()
    {
        return buffer.getShort(offset + CONTACT_LENGTH_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    /** @return offset of the contact bytes in {@link #buffer()}, zero-copy access. */
    public int contactOffset()
    {
        return offset + BLOCK_LENGTH + itemCount() * ITEM_LENGTH;
    }

    /**
     * Copy the contact bytes out.
     *
     * @param dst       destination.
     * @param dstOffset where to write.
     * @return bytes copied.
     */
    public int getContact(final MutableDirectBuffer dst, final int dstOffset)
    {
        final int length = contactLength();
        dst.putBytes(dstOffset, buffer, contactOffset(), length);
        return length;
    }

    /** @return the contact as a String: a convenience that allocates, for tools and tests. */
    public String contact()
    {
        return buffer.getStringWithoutLengthAscii(contactOffset(), contactLength());
    }


    private int itemOffset(final int index)
    {
        return offset + BLOCK_LENGTH + index * ITEM_LENGTH;
    }

    /**
     * Cursor over the line items; {@link #iterator()} returns itself so iteration allocates nothing.
     * Not thread-safe, and valid only while the codec stays wrapped on the same payload.
     */
    public final class Items implements Iterable<Items>, Iterator<Items>
    {
        private int index = -1;
        private int count;

        /** @return this cursor. */
        @Override
        public Iterator<Items> iterator()
        {
            return this;
        }

        /** @return true while items remain. */
        @Override
        public boolean hasNext()
        {
            return index + 1 < count;
        }

        /** @return this cursor, advanced to the next item. */
        @Override
        public Items next()
        {
            if (index + 1 >= count)
            {
                throw new NoSuchElementException("index=" + (index + 1) + " count=" + count);
            }
            index++;
            return this;
        }

        /** @return number of items. */
        public int count()
        {
            return count;
        }

        /** @return the current item's index. */
        public int index()
        {
            return index;
        }

        /** @return the current item's SKU. */
        public long sku()
        {
            return OrderPlacedDecoder.this.sku(index);
        }

        /** @return the current item's quantity. */
        public int quantity()
        {
            return OrderPlacedDecoder.this.quantity(index);
        }

        /** @return the current item's unit price in minor units. */
        public long unitPrice()
        {
            return OrderPlacedDecoder.this.unitPrice(index);
        }
    }
}
