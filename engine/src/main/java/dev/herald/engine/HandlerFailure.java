package dev.herald.engine;

import dev.herald.journal.RecordDescriptor;
import dev.herald.journal.RecordView;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Payload of a {@link RecordDescriptor#TYPE_HANDLER_FAILED} fact, the record the engine journals when a handler
 * throws. Its correlation id is that of the failing message and its causation id is the failing message's
 * sequence ({@link RecordDescriptor#NO_CAUSATION} for a failure in an idle tick). Schema version
 * {@link #SCHEMA_VERSION}.
 *
 * <pre>
 *  +--------------------------------+
 *  | stage name length (int32)      |  then that many UTF-8 bytes, at most 64
 *  | exception class length (int32) |  then that many UTF-8 bytes, at most 128
 *  | message length (int32)         |  then that many UTF-8 bytes, at most 256 (empty when null)
 *  +--------------------------------+
 * </pre>
 *
 * Strings are cut at a character boundary to fit the limits and the slot. Threading: stateless, thread-safe.
 */
public final class HandlerFailure
{
    /** Schema version of the payload. */
    public static final short SCHEMA_VERSION = 1;
    /** Most bytes kept of the stage name. */
    public static final int MAX_STAGE_NAME_LENGTH = 64;
    /** Most bytes kept of the exception class name. */
    public static final int MAX_EXCEPTION_CLASS_LENGTH = 128;
    /** Most bytes kept of the exception message. */
    public static final int MAX_MESSAGE_LENGTH = 256;

    private static final int LENGTH_FIELD = Integer.BYTES;

    private HandlerFailure()
    {
    }

    /**
     * @param record a {@link RecordDescriptor#TYPE_HANDLER_FAILED} record.
     * @return the name of the stage whose handler threw.
     */
    public static String stageName(final RecordView record)
    {
        return field(record, 0);
    }

    /**
     * @param record a {@link RecordDescriptor#TYPE_HANDLER_FAILED} record.
     * @return the class name of what was thrown.
     */
    public static String exceptionClass(final RecordView record)
    {
        return field(record, 1);
    }

    /**
     * @param record a {@link RecordDescriptor#TYPE_HANDLER_FAILED} record.
     * @return the exception message, possibly cut; empty when it had none.
     */
    public static String message(final RecordView record)
    {
        return field(record, 2);
    }

    private static String field(final RecordView record, final int index)
    {
        final DirectBuffer buffer = record.buffer();
        final int limit = record.payloadOffset() + record.payloadLength();
        int offset = record.payloadOffset();
        for (int i = 0; i <= index; i++)
        {
            if (offset + LENGTH_FIELD > limit)
            {
                throw new IllegalArgumentException("invalid failure payload at sequence=" + record.sequence() +
                    ", field " + i + " is missing");
            }
            final int length = buffer.getInt(offset, LITTLE_ENDIAN);
            if (length < 0 || offset + LENGTH_FIELD + length > limit)
            {
                throw new IllegalArgumentException("invalid failure payload at sequence=" + record.sequence() +
                    ", field " + i + " length=" + length);
            }
            if (i == index)
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset + LENGTH_FIELD, bytes);
                return new String(bytes, StandardCharsets.UTF_8);
            }
            offset += LENGTH_FIELD + length;
        }
        throw new IllegalStateException("unreachable");
    }

    /**
     * Encode a failure payload; runs on the failure path only, so it may allocate.
     *
     * @return the payload length.
     */
    static int encode(
        final String stageName,
        final Throwable throwable,
        final MutableDirectBuffer buffer,
        final int offset,
        final int maxLength)
    {
        final int room = Math.max(0, maxLength - 3 * LENGTH_FIELD);
        final byte[] name = cut(stageName, Math.min(MAX_STAGE_NAME_LENGTH, room / 4));
        final byte[] type = cut(throwable.getClass().getName(),
            Math.min(MAX_EXCEPTION_CLASS_LENGTH, (room - name.length) / 2));
        final byte[] message = cut(throwable.getMessage(),
            Math.min(MAX_MESSAGE_LENGTH, room - name.length - type.length));

        int position = offset;
        position = put(buffer, position, name);
        position = put(buffer, position, type);
        position = put(buffer, position, message);
        return position - offset;
    }

    private static int put(final MutableDirectBuffer buffer, final int offset, final byte[] bytes)
    {
        buffer.putInt(offset, bytes.length, LITTLE_ENDIAN);
        buffer.putBytes(offset + LENGTH_FIELD, bytes);
        return offset + LENGTH_FIELD + bytes.length;
    }

    private static byte[] cut(final String text, final int limit)
    {
        if (text == null || limit <= 0)
        {
            return new byte[0];
        }
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= limit)
        {
            return bytes;
        }
        int length = limit;
        // Back off to a character boundary: never end on a UTF-8 continuation byte's lead.
        while (length > 0 && (bytes[length] & 0xC0) == 0x80)
        {
            length--;
        }
        final byte[] result = new byte[length];
        System.arraycopy(bytes, 0, result, 0, length);
        return result;
    }
}
