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
        RecordDescriptor.putHeader(buffer, offset, frameLength, sequence, 1_700_000_000_000_000_000L + sequence,
            MESSAGE_TYPE, (short)1, (short)0, 1000 + sequence, RecordDescriptor.NO_CAUSATION);
        for (int i = RecordDescriptor.HEADER_LENGTH; i < frameLength; i += 8)
        {
            buffer.putLong(offset + i, 0x9E3779B97F4A7C15L * (i + sequence), LITTLE_ENDIAN);
        }
    }
}
