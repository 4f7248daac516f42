package dev.herald.store;

import dev.herald.journal.RecordDescriptor;
import dev.herald.journal.RecordView;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.*;

class CodecTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(2048));

    @Test
    void shouldRoundTripOrderPlacedThroughEncoderAndFlyweight()
    {
        final OrderRequest request = TestFacts.order(42, 7, 1001, 2, 1250, 1002, 1, 999);
        OrderPlacedEncoder.INSTANCE.validate(request);
        final int length = OrderPlacedEncoder.INSTANCE.encode(request, buffer, 64, 1024);

        final OrderPlacedDecoder codec = new OrderPlacedDecoder().wrap(buffer, 64);
        assertEquals(OrderPlacedDecoder.payloadLength(2, "c7@example.com".length()), length);
        assertEquals(length, codec.encodedLength());
        assertEquals(42, codec.orderId());
        assertEquals(7, codec.customerId());
        assertEquals(2 * 1250 + 999, codec.total());
        assertEquals(StoreSchema.EUR, codec.currency());
        assertEquals(2, codec.itemCount());
        assertEquals("c7@example.com", codec.contact());
        assertEquals(3, codec.totalUnits());
        long skuSum = 0;
        int count = 0;
        for (final OrderPlacedDecoder.Items item : codec.items())
        {
            skuSum += item.sku();
            assertEquals(request.quantity(item.index()), item.quantity());
            assertEquals(request.unitPrice(item.index()), item.unitPrice());
            count++;
        }
        assertEquals(2, count);
        assertEquals(1001 + 1002, skuSum);
    }

    @Test
    void shouldRefuseAnOrderOfAnotherSchemaVersion()
    {
        final OrderRequest request = TestFacts.order(42, 7, 1001, 2, 1250);
        final int length = OrderPlacedEncoder.INSTANCE.encode(request, buffer, RecordDescriptor.HEADER_LENGTH, 1024);
        TestBus.writeHeader(
            buffer, 0, RecordDescriptor.HEADER_LENGTH + length, 5, 1, StoreMessageTypes.ORDER_PLACED, 42, -1);
        buffer.putShort(RecordDescriptor.SCHEMA_VERSION_OFFSET, (short)(StoreSchema.SCHEMA_VERSION + 1),
            java.nio.ByteOrder.LITTLE_ENDIAN);
        final RecordView view = new RecordView().wrap(buffer, 0);
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> new OrderPlacedDecoder().wrap(view));
        assertTrue(ex.getMessage().contains("schemaVersion=" + (StoreSchema.SCHEMA_VERSION + 1)) &&
            ex.getMessage().contains("sequence=5"), ex.getMessage());
    }

    @Test
    void shouldRoundTripOrderEvent()
    {
        final OrderEvent event = new OrderEvent().reset(9, 3).amount(500, StoreSchema.GBP).item(77, 4)
            .reason(StoreSchema.REASON_OUT_OF_STOCK).attempt(2);
        assertEquals(OrderEventCodec.BLOCK_LENGTH, OrderEventCodec.ENCODER.encode(event, buffer, 8, 100));
        final OrderEventCodec codec = new OrderEventCodec().wrap(buffer, 8);
        assertEquals(9, codec.orderId());
        assertEquals(3, codec.customerId());
        assertEquals(500, codec.amount());
        assertEquals(StoreSchema.GBP, codec.currency());
        assertEquals(77, codec.sku());
        assertEquals(4, codec.quantity());
        assertEquals(StoreSchema.REASON_OUT_OF_STOCK, codec.reason());
        assertEquals(2, codec.attempt());
    }

    @Test
    void shouldRefuseAPayloadShorterThanItsCounts()
    {
        final OrderRequest request = TestFacts.order(42, 7, 1001, 2, 1250);
        final int length = OrderPlacedEncoder.INSTANCE.encode(request, buffer, RecordDescriptor.HEADER_LENGTH, 1024);
        TestBus.writeHeader(
            buffer, 0, RecordDescriptor.HEADER_LENGTH + length - 1, 5, 1, StoreMessageTypes.ORDER_PLACED, 42, -1);
        final RecordView view = new RecordView().wrap(buffer, 0);
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> new OrderPlacedDecoder().wrap(view));
        assertTrue(ex.getMessage().contains("sequence=5"), ex.getMessage());
    }

    @Test
    void shouldFitAFullOrderInTheStoreMessageLength()
    {
        final OrderRequest request = new OrderRequest().orderId(1).customerId(1).currency("USD")
            .contact("x".repeat(OrderPlacedDecoder.CONTACT_MAX_LENGTH));
        for (int i = 0; i < OrderPlacedDecoder.MAX_ITEMS; i++)
        {
            request.addItem(i, 1, 1);
        }
        request.computeTotal();
        OrderPlacedEncoder.INSTANCE.validate(request);
        assertEquals(OrderPlacedDecoder.MAX_PAYLOAD_LENGTH, OrderPlacedEncoder.INSTANCE.encode(request, buffer, 0,
            Store.MIN_MAX_MESSAGE_LENGTH - RecordDescriptor.HEADER_LENGTH));
    }

    @Test
    void shouldRejectBadOrdersNamingTheField()
    {
        assertRejected(new OrderRequest().orderId(1).customerId(1).currency("EUR").contact("a@b"), "itemCount=0");
        final OrderRequest tooMany = new OrderRequest().orderId(1).customerId(1).currency("EUR").contact("a@b");
        for (int i = 0; i <= OrderPlacedDecoder.MAX_ITEMS; i++)
        {
            tooMany.addItem(i, 1, 1);
        }
        assertRejected(tooMany.computeTotal(), "itemCount=33");
        assertRejected(TestFacts.order(1, 1, 5, 0, 100), "items[0].quantity=0");
        assertRejected(TestFacts.order(1, 1, 5, 1, 100, 6, -2, 100), "items[1].quantity=-2");
        assertRejected(TestFacts.order(1, 1, 5, 1, 100, 6, 1, -1), "items[1].unitPrice=-1");
        assertRejected(TestFacts.order(1, 1, 5, 1, 100).total(101), "total=101");
        assertRejected(TestFacts.order(1, 1, 5, 1, 100).currency("XYZ"), "currency=XYZ");
        assertRejected(TestFacts.order(1, 1, 5, 1, 100).currency(null), "currency=null");
        assertRejected(TestFacts.order(1, 1, 5, 1, 100).contact("x".repeat(129)), "contact length=129");
        assertRejected(TestFacts.order(1, 1, 5, 1, 100).contact(""), "contact=");
        assertRejected(TestFacts.order(1, 1, 5, 1, 100).contact("caf\u00e9@x"), "contact[3]=0xe9");
        assertRejected(TestFacts.order(1, 1, 5, 1, 100, 6, 1, 100, 5, 2, 100), "items[2].sku=5");
        assertRejected(TestFacts.order(0, 1, 5, 1, 100), "orderId=0");
        assertRejected(TestFacts.order(1, 1, 5, Integer.MAX_VALUE, Long.MAX_VALUE / 2), "overflows");
    }

    @Test
    void shouldMapSupportedCurrencies()
    {
        for (final short code : StoreSchema.supportedCurrencies())
        {
            assertEquals(code, StoreSchema.currencyCode(StoreSchema.currencyName(code)));
        }
        assertEquals(StoreSchema.UNKNOWN_CURRENCY, StoreSchema.currencyCode("eur"));
    }

    private static void assertRejected(final OrderRequest request, final String expected)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> OrderPlacedEncoder.INSTANCE.validate(request));
        assertTrue(ex.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + ex.getMessage());
    }
}
