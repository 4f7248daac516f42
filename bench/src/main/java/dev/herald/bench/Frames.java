package dev.herald.bench;

import dev.herald.journal.RecordDescriptor;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Builds the frames every benchmark writes, so Herald and its baselines move exactly the same bytes: a
 * {@link RecordDescriptor} header and a deterministic payload. "A 128-byte record" is a 128-byte frame: the
 * 48-byte header plus an 80-byte payload.
 */
public final class Frames
{
    /** Message type used by every benchmark frame. */
    public static final int MESSAGE_TYPE = 7;

    private Frames()
    {
    }

    /**
     * Lay out one frame.
     *
     * @param buffer      to write into.
     * @param offset      of the frame.
     * @param frameLength header plus payload, a multiple of 8 of at least the header length.
     * @param sequence    written in the header (the journal stamps its own).
     */
    public static void fill(
        final MutableDirectBuffer buffer, final int offset, final int frameLength, final long sequence)
    {
        if (frameLength < RecordDescriptor.HEADER_LENGTH || (frameLength & 7) != 0)
        {
            throw new IllegalArgumentException("invalid frameLength=" + frameLength +
                ", must be a multiple of 8 and at least " + RecordDescriptor.HEADER_LENGTH);
        }
        buffer.putInt(offset + RecordDescriptor.FRAME_LENGTH_OFFSET, frameLength, LITTLE_ENDIAN);
        buffer.putInt(offset + RecordDescriptor.CHECKSUM_OFFSET, 0, LITTLE_ENDIAN);
        buffer.putLong(offset + RecordDescriptor.SEQUENCE_OFFSET, sequence, LITTLE_ENDIAN);
        buffer.putLong(
            offset + RecordDescriptor.TIMESTAMP_OFFSET, 1_700_000_000_000_000_000L + sequence, LITTLE_ENDIAN);
        buffer.putInt(offset + RecordDescriptor.MESSAGE_TYPE_OFFSET, MESSAGE_TYPE, LITTLE_ENDIAN);
        buffer.putShort(offset + RecordDescriptor.SCHEMA_VERSION_OFFSET, (short)1, LITTLE_ENDIAN);
        buffer.putShort(offset + RecordDescriptor.FLAGS_OFFSET, (short)0, LITTLE_ENDIAN);
        buffer.putLong(offset + RecordDescriptor.CORRELATION_ID_OFFSET, 1000 + sequence, LITTLE_ENDIAN);
        buffer.putLong(offset + RecordDescriptor.CAUSATION_ID_OFFSET, RecordDescriptor.NO_CAUSATION, LITTLE_ENDIAN);
        for (int i = RecordDescriptor.HEADER_LENGTH; i < frameLength; i += 8)
        {
            buffer.putLong(offset + i, 0x9E3779B97F4A7C15L * (i + sequence), LITTLE_ENDIAN);
        }
    }
}
