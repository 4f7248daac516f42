package dev.herald.journal;

import org.agrona.DirectBuffer;

import static dev.herald.journal.RecordDescriptor.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * A read-only, zero-copy flyweight over one frame laid out by {@link RecordDescriptor}.
 *
 * <p>A view is re-pointed with {@link #wrap(DirectBuffer, int)} for every record; it holds no copy. A view handed
 * to a {@link RecordHandler} is valid only for the duration of that callback: the bytes behind it may be
 * unmapped or overwritten afterwards. Not thread-safe; each thread uses its own view.
 */
public final class RecordView
{
    private DirectBuffer buffer;
    private int offset;

    /**
     * Point this view at a frame.
     *
     * @param buffer holding the frame.
     * @param offset of the frame's first byte in the buffer.
     * @return this for a fluent API.
     */
    public RecordView wrap(final DirectBuffer buffer, final int offset)
    {
        // Only when it changes: a reference store pays the collector's write barrier, and a view is wrapped for
        // every record, nearly always over the same buffer.
        if (this.buffer != buffer)
        {
            this.buffer = buffer;
        }
        this.offset = offset;
        return this;
    }

    /** @return the buffer that holds the whole frame (header and payload). */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return offset of the frame in {@link #buffer()}. */
    public int offset()
    {
        return offset;
    }

    /** @return header plus payload length, excluding alignment padding. */
    public int frameLength()
    {
        return buffer.getInt(offset + FRAME_LENGTH_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the stored CRC32C of the frame. */
    public int checksum()
    {
        return buffer.getInt(offset + CHECKSUM_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the journal sequence of this record. */
    public long sequence()
    {
        return buffer.getLong(offset + SEQUENCE_OFFSET, LITTLE_ENDIAN);
    }

    /** @return publish time in nanoseconds since the epoch. */
    public long timestamp()
    {
        return buffer.getLong(offset + TIMESTAMP_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the application's message type. */
    public int messageType()
    {
        return buffer.getInt(offset + MESSAGE_TYPE_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the payload's schema version. */
    public short schemaVersion()
    {
        return buffer.getShort(offset + SCHEMA_VERSION_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the flags bit set. */
    public short flags()
    {
        return buffer.getShort(offset + FLAGS_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the correlation id (business key or trace id). */
    public long correlationId()
    {
        return buffer.getLong(offset + CORRELATION_ID_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the sequence of the fact that caused this one, or {@link RecordDescriptor#NO_CAUSATION}. */
    public long causationId()
    {
        return buffer.getLong(offset + CAUSATION_ID_OFFSET, LITTLE_ENDIAN);
    }

    /** @return offset of the payload in {@link #buffer()}. */
    public int payloadOffset()
    {
        return offset + HEADER_LENGTH;
    }

    /** @return payload length in bytes, without a source position after it. */
    public int payloadLength()
    {
        return frameLength() - HEADER_LENGTH - (hasSourcePosition() ? SOURCE_POSITION_LENGTH : 0);
    }

    /**
     * @return whether the frame carries a source position: {@link RecordDescriptor#FLAG_SOURCE_POSITION} set and
     *     room for it (a frame too short for one is read as having none, so a payload length is never negative).
     */
    public boolean hasSourcePosition()
    {
        return (flags() & FLAG_SOURCE_POSITION) != 0 && frameLength() >= HEADER_LENGTH + SOURCE_POSITION_LENGTH;
    }

    /** @return the source partition, or -1 when the frame carries no source position. */
    public int sourcePartition()
    {
        return hasSourcePosition() ?
            buffer.getInt(offset + frameLength() - SOURCE_PARTITION_FROM_END, LITTLE_ENDIAN) : -1;
    }

    /** @return the source offset, or -1 when the frame carries no source position. */
    public long sourceOffset()
    {
        return hasSourcePosition() ?
            buffer.getLong(offset + frameLength() - SOURCE_OFFSET_FROM_END, LITTLE_ENDIAN) : -1;
    }
}
