package dev.herald.engine;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * One pre-allocated ring entry: a frame in {@code RecordDescriptor} layout that the producer encodes into and
 * the journal stage appends unchanged, plus the publish time for the end-to-end latency histogram.
 */
final class Slot
{
    final UnsafeBuffer buffer;
    long publishNanos;

    Slot(final UnsafeBuffer buffer)
    {
        this.buffer = buffer;
    }
}
