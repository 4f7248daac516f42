package dev.herald.engine;

import dev.herald.journal.RecordDescriptor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MessageTypesTest
{
    @Test
    void shouldContainExactlyTheTypesGivenInAndOutsideTheMask()
    {
        final MessageTypes types = MessageTypes.of(0, 5, 63, 64, 1_000_000, RecordDescriptor.TYPE_HANDLER_FAILED, 5);

        for (final int type : new int[]{ 0, 5, 63, 64, 1_000_000, RecordDescriptor.TYPE_HANDLER_FAILED })
        {
            assertTrue(types.contains(type), "type " + type);
        }
        for (final int type : new int[]{ 1, 4, 6, 62, 65, 999_999, Integer.MAX_VALUE, Integer.MIN_VALUE,
            RecordDescriptor.TYPE_ENCODE_FAILED, -1 })
        {
            assertFalse(types.contains(type), "type " + type);
        }
        assertFalse(types.isAll());
        assertEquals("MessageTypes{0, 5, 63, -2, 64, 1000000}", types.toString());
    }

    @Test
    void shouldContainEveryTypeWhenAllAndNoneWhenEmpty()
    {
        final MessageTypes none = MessageTypes.of();
        for (final int type : new int[]{ Integer.MIN_VALUE, RecordDescriptor.TYPE_HANDLER_FAILED, -1, 0, 1, 63, 64,
            Integer.MAX_VALUE })
        {
            assertTrue(MessageTypes.ALL.contains(type), "type " + type);
            assertFalse(none.contains(type), "type " + type);
        }
        assertTrue(MessageTypes.ALL.isAll());
        assertSame(MessageTypes.ALL, new Recording().messageTypes(), "a handler takes every fact by default");
    }

    private static final class Recording extends TestSupport.Recording
    {
    }
}
