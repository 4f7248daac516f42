package dev.herald.cli;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonWriterTest
{
    @Test
    void shouldSeparateFieldsAndNestedValuesWithCommas()
    {
        final String json = new JsonWriter().beginObject()
            .field("a", 1)
            .field("b", "x")
            .name("c").beginArray().value(1).value(true).nullValue().beginObject().endObject().endArray()
            .name("d").beginObject().field("e", 2.5).endObject()
            .field("f", false)
            .endObject()
            .toString();

        assertEquals("{\"a\":1,\"b\":\"x\",\"c\":[1,true,null,{}],\"d\":{\"e\":2.5},\"f\":false}", json);
    }

    @Test
    void shouldEscapeQuotesBackslashesAndControlCharacters()
    {
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\u0001\\u2028\"", JsonWriter.quote("a\"b\\c\nd\te\u0001\u2028"));
    }

    @Test
    void shouldWriteNonFiniteNumbersAsNull()
    {
        assertEquals("[null,null]", new JsonWriter().beginArray().value(Double.NaN)
            .value(Double.POSITIVE_INFINITY).endArray().toString());
    }

    @Test
    void shouldWriteBytesAsLowercaseHex()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[]{ 0, (byte)0xAB, 0x7F, (byte)0x80 });

        assertEquals("\"00ab7f80\"", new JsonWriter().hexValue(buffer, 0, 4).toString());
    }

    @Test
    void shouldStartAfreshAfterReset()
    {
        final JsonWriter writer = new JsonWriter();
        writer.beginObject().field("a", 1).endObject();

        assertEquals("{\"b\":2}", writer.reset().beginObject().field("b", 2).endObject().toString());
    }
}
