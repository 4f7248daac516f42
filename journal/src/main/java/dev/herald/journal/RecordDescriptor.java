package dev.herald.journal;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The one binary layout of a Herald message: the same bytes live in a ring slot, in a journal segment and in
 * the buffer a replay hands to a consumer. All fields are little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      Frame Length (int32)                     |  0  written last, with a release store
 *  +---------------------------------------------------------------+
 *  |                  CRC32C of bytes 8..frameLength               |  4
 *  +---------------------------------------------------------------+
 *  |                        Sequence (int64)                       |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                Timestamp, epoch nanoseconds (int64)           | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                      Message Type (int32)                     | 24
 *  +-------------------------------+-------------------------------+
 *  |    Schema Version (int16)     |          Flags (int16)        | 28
 *  +-------------------------------+-------------------------------+
 *  |                     Correlation Id (int64)                    | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                      Causation Id (int64)                     | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        Payload ...                           ...  48
 *  +---------------------------------------------------------------+
 *
 *  Only when flags has FLAG_SOURCE_POSITION, the last 16 bytes of the frame, after the payload:
 *  +---------------------------------------------------------------+
 *  |                Source Offset (int64), e.g. a Kafka offset     |  frameLength - 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |              Source Partition (int32), e.g. a Kafka partition |  frameLength - 8
 *  +---------------------------------------------------------------+
 *  |                         Reserved (int32), 0                   |  frameLength - 4
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The source position says where an original fact came from outside the engine (a Kafka source's partition and
 * offset), in the same frame as the fact, so that a source that restarts reads from the journal where to go on.
 * The payload length that readers see ({@link RecordView#payloadLength()}) leaves it out, so a consumer reads a
 * sourced fact exactly as any other.
 *
 * <p>The frame length counts the header and the payload but not the padding that aligns the next frame to
 * {@link #FRAME_ALIGNMENT} bytes. A frame length of zero marks the end of the written part of a segment: the
 * writer stores the length last, so a reader that sees a non-zero length sees the whole frame. The checksum
 * covers everything after itself (sequence, header fields and payload), so a torn or flipped frame is caught.
 *
 * <p>Causation id {@link #NO_CAUSATION} marks an original fact, one that no other fact caused.
 */
public final class RecordDescriptor
{
    /** Offset of the frame length, an int32 that counts header and payload. */
    public static final int FRAME_LENGTH_OFFSET = 0;
    /** Offset of the CRC32C over bytes {@code [SEQUENCE_OFFSET, frameLength)}. */
    public static final int CHECKSUM_OFFSET = 4;
    /** Offset of the gap-free, monotonic journal sequence. */
    public static final int SEQUENCE_OFFSET = 8;
    /** Offset of the wall-clock time the fact was published, nanoseconds since the epoch. */
    public static final int TIMESTAMP_OFFSET = 16;
    /** Offset of the message type, chosen by the application; negative types are reserved for Herald. */
    public static final int MESSAGE_TYPE_OFFSET = 24;
    /** Offset of the payload's schema version, for upcasting. */
    public static final int SCHEMA_VERSION_OFFSET = 28;
    /** Offset of the flags, an int16 bit set. */
    public static final int FLAGS_OFFSET = 30;
    /** Offset of the correlation id: the business key (an order id) or a trace id. */
    public static final int CORRELATION_ID_OFFSET = 32;
    /** Offset of the causation id: the sequence of the fact that caused this one. */
    public static final int CAUSATION_ID_OFFSET = 40;
    /** Length of the fixed header; the payload starts here. */
    public static final int HEADER_LENGTH = 48;
    /** Every frame starts on a multiple of this many bytes. */
    public static final int FRAME_ALIGNMENT = 8;

    /** Flag: the frame ends with a source position ({@link #SOURCE_POSITION_LENGTH} bytes after the payload). */
    public static final short FLAG_SOURCE_POSITION = 0x1;
    /** Length of the source position that {@link #FLAG_SOURCE_POSITION} announces. */
    public static final int SOURCE_POSITION_LENGTH = 16;
    /** Offset of the source offset, counted back from the end of the frame. */
    public static final int SOURCE_OFFSET_FROM_END = 16;
    /** Offset of the source partition, counted back from the end of the frame. */
    public static final int SOURCE_PARTITION_FROM_END = 8;
    /** Offset of the reserved int32 after the partition, counted back from the end of the frame. */
    public static final int SOURCE_RESERVED_FROM_END = 4;

    /** Causation id of an original fact. */
    public static final long NO_CAUSATION = -1L;

    /**
     * Message types below zero are Herald's own; this one records a handler failure. Its payload is laid out by the
     * engine's {@code HandlerFailure}; correlation is that of the failing message, causation its sequence.
     */
    public static final int TYPE_HANDLER_FAILED = -2;

    /**
     * Herald's own type of the record left in the ring when an encoder threw after its slot was claimed: a claimed
     * slot must be published to keep the journal gap-free. Its payload is empty; correlation and causation are
     * those of the failed publish.
     */
    public static final int TYPE_ENCODE_FAILED = -3;

    /**
     * @param messageType a record's type.
     * @return Herald's name of one of its own (negative) types, or null for an application's type.
     */
    public static String heraldTypeName(final int messageType)
    {
        switch (messageType)
        {
            case TYPE_HANDLER_FAILED:
                return "HandlerFailed";
            case TYPE_ENCODE_FAILED:
                return "EncodeFailed";
            default:
                return null;
        }
    }

    private RecordDescriptor()
    {
    }

    /**
     * Write every header field of a frame, the checksum as zero, into a buffer no reader can see yet: a ring slot
     * being filled, a frame built by a test or a benchmark. Not for a live segment, where the frame length must be
     * stored last; {@link JournalWriter} does that itself.
     *
     * @param buffer        to write into.
     * @param offset        of the frame in the buffer.
     * @param frameLength   header plus payload.
     * @param sequence      journal sequence.
     * @param timestamp     epoch nanoseconds.
     * @param messageType   application message type.
     * @param schemaVersion of the payload.
     * @param flags         bit set.
     * @param correlationId business key or trace id.
     * @param causationId   sequence of the causing fact, or {@link #NO_CAUSATION}.
     */
    public static void putHeader(
        final MutableDirectBuffer buffer,
        final int offset,
        final int frameLength,
        final long sequence,
        final long timestamp,
        final int messageType,
        final short schemaVersion,
        final short flags,
        final long correlationId,
        final long causationId)
    {
        buffer.putInt(offset + FRAME_LENGTH_OFFSET, frameLength, LITTLE_ENDIAN);
        buffer.putInt(offset + CHECKSUM_OFFSET, 0, LITTLE_ENDIAN);
        buffer.putLong(offset + SEQUENCE_OFFSET, sequence, LITTLE_ENDIAN);
        buffer.putLong(offset + TIMESTAMP_OFFSET, timestamp, LITTLE_ENDIAN);
        buffer.putInt(offset + MESSAGE_TYPE_OFFSET, messageType, LITTLE_ENDIAN);
        buffer.putShort(offset + SCHEMA_VERSION_OFFSET, schemaVersion, LITTLE_ENDIAN);
        buffer.putShort(offset + FLAGS_OFFSET, flags, LITTLE_ENDIAN);
        buffer.putLong(offset + CORRELATION_ID_OFFSET, correlationId, LITTLE_ENDIAN);
        buffer.putLong(offset + CAUSATION_ID_OFFSET, causationId, LITTLE_ENDIAN);
    }

    /**
     * Write a source position at the end of a frame whose flags have {@link #FLAG_SOURCE_POSITION}.
     *
     * @param buffer      holding the frame.
     * @param offset      of the frame in the buffer.
     * @param frameLength header, payload and the source position.
     * @param partition   source partition, {@code >= 0}.
     * @param position    source offset, {@code >= 0}.
     */
    public static void putSourcePosition(
        final MutableDirectBuffer buffer, final int offset, final int frameLength, final int partition,
        final long position)
    {
        final int end = offset + frameLength;
        buffer.putLong(end - SOURCE_OFFSET_FROM_END, position, LITTLE_ENDIAN);
        buffer.putInt(end - SOURCE_PARTITION_FROM_END, partition, LITTLE_ENDIAN);
        buffer.putInt(end - SOURCE_RESERVED_FROM_END, 0, LITTLE_ENDIAN);
    }

    /**
     * The value of a frame's checksum field: the CRC32C of its bytes {@code [SEQUENCE_OFFSET, frameLength)}, everything
     * after the checksum itself. Allocates nothing.
     *
     * @param crc         reused by the caller.
     * @param frames      a view of the buffer that holds the frame; its position and limit are changed.
     * @param offset      of the frame in that buffer.
     * @param frameLength header plus payload.
     * @return the checksum.
     */
    public static int checksum(final CRC32C crc, final ByteBuffer frames, final int offset, final int frameLength)
    {
        frames.limit(offset + frameLength).position(offset + SEQUENCE_OFFSET);
        crc.reset();
        crc.update(frames);
        return (int)crc.getValue();
    }

    /**
     * The length a frame occupies in a segment, padding included.
     *
     * @param frameLength header plus payload length.
     * @return frameLength rounded up to {@link #FRAME_ALIGNMENT}.
     */
    public static int alignedLength(final int frameLength)
    {
        return (frameLength + FRAME_ALIGNMENT - 1) & -FRAME_ALIGNMENT;
    }
}
