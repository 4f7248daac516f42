package dev.herald.bench;

import dev.herald.engine.PayloadEncoder;
import dev.herald.journal.RecordDescriptor;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The fact every fan-out benchmark publishes: an 80-byte payload (publish time, id and eight derived longs), so
 * that with Herald's 48-byte header it is a 128-byte frame. Baselines that build the frame themselves use
 * {@link #encodeFrame}; Herald publishes through {@link #ENCODER}, which writes the same payload into the slot.
 */
public final class FanOutEvents
{
    /** Message type of the benchmark fact. */
    public static final int MESSAGE_TYPE = 11;
    /** Schema version of the payload. */
    public static final short SCHEMA_VERSION = 1;
    /** Payload length in bytes. */
    public static final int PAYLOAD_LENGTH = 80;
    /** Frame length: header plus payload. */
    public static final int FRAME_LENGTH = RecordDescriptor.HEADER_LENGTH + PAYLOAD_LENGTH;
    /** Offset in the payload of the publish time (System.nanoTime), read by the latency harness. */
    public static final int PUBLISH_NANOS_OFFSET = 0;
    /** Offset in the payload of the event id. */
    public static final int ID_OFFSET = 8;

    /** Stateless, non-capturing: publishing through it allocates nothing. */
    public static final PayloadEncoder<Source> ENCODER = new PayloadEncoder<>()
    {
        @Override
        public int encode(final Source source, final MutableDirectBuffer buffer, final int offset, final int maxLength)
        {
            return encodePayload(buffer, offset, source.id, source.publishNanos);
        }
    };

    private FanOutEvents()
    {
    }

    /** A reusable, producer-side source of one fact. */
    public static final class Source
    {
        /** Event id, also the correlation id. */
        public long id;
        /** When it was published, System.nanoTime. */
        public long publishNanos;

        /**
         * @param id           event id.
         * @param publishNanos publish time.
         * @return this for a fluent API.
         */
        public Source set(final long id, final long publishNanos)
        {
            this.id = id;
            this.publishNanos = publishNanos;
            return this;
        }
    }

    /**
     * Write the payload.
     *
     * @param buffer       to write into.
     * @param offset       of the payload.
     * @param id           event id.
     * @param publishNanos publish time.
     * @return the payload length.
     */
    public static int encodePayload(
        final MutableDirectBuffer buffer, final int offset, final long id, final long publishNanos)
    {
        buffer.putLong(offset + PUBLISH_NANOS_OFFSET, publishNanos, LITTLE_ENDIAN);
        buffer.putLong(offset + ID_OFFSET, id, LITTLE_ENDIAN);
        for (int i = 16; i < PAYLOAD_LENGTH; i += 8)
        {
            buffer.putLong(offset + i, id * 31 + i, LITTLE_ENDIAN);
        }
        return PAYLOAD_LENGTH;
    }

    /**
     * Write a whole frame, header and payload, as a baseline would before handing it on.
     *
     * @param buffer       to write into.
     * @param offset       of the frame.
     * @param sequence     the publisher's count, written as the sequence.
     * @param id           event id and correlation id.
     * @param publishNanos publish time.
     */
    public static void encodeFrame(
        final MutableDirectBuffer buffer, final int offset, final long sequence, final long id, final long publishNanos)
    {
        RecordDescriptor.putHeader(buffer, offset, FRAME_LENGTH, sequence, publishNanos, MESSAGE_TYPE, SCHEMA_VERSION,
            (short)0, id, RecordDescriptor.NO_CAUSATION);
        encodePayload(buffer, offset + RecordDescriptor.HEADER_LENGTH, id, publishNanos);
    }
}
