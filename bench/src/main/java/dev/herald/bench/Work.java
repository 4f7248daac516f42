package dev.herald.bench;

import dev.herald.journal.RecordView;
import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The small, equal, deterministic work every reaction does in the fan-out benchmarks, whatever carries the
 * message to it: read every long of the payload and fold it into the reaction's running state (about ten
 * multiply-xor steps for an 80-byte payload). All fan-outs call exactly this method.
 */
public final class Work
{
    private Work()
    {
    }

    /**
     * @param message the fact, header and payload.
     * @param state   the reaction's running state.
     * @return the new state.
     */
    public static long react(final RecordView message, final long state)
    {
        final DirectBuffer buffer = message.buffer();
        final int offset = message.payloadOffset();
        final int end = offset + message.payloadLength() - 7;
        long h = state ^ message.sequence();
        for (int i = offset; i < end; i += 8)
        {
            h = (h ^ buffer.getLong(i, LITTLE_ENDIAN)) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
        }
        return h;
    }
}
