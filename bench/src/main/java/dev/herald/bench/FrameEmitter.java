package dev.herald.bench;

import dev.herald.engine.Emitter;
import dev.herald.engine.PayloadEncoder;
import dev.herald.journal.RecordDescriptor;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;


/**
 * Encodes a fact as a whole {@link RecordDescriptor} frame the way Herald's emitter does (correlation inherited,
 * causation set to the triggering fact's sequence) and hands it to a sink, for the store baselines that have no
 * engine. The sequence is left for the sink to stamp.
 *
 * <p>Threading: one thread, the reaction's.
 */
final class FrameEmitter implements Emitter
{
    /** Where an encoded frame goes. */
    interface Sink
    {
        /**
         * @param buffer holding the frame.
         * @param offset of the frame.
         * @param length of the frame, unaligned.
         */
        void onFrame(MutableDirectBuffer buffer, int offset, int length);

        /**
         * @param length a frame needs, unaligned upper bound.
         * @return the buffer to encode into; {@link #offset()} says where.
         */
        MutableDirectBuffer claim(int length);

        /** @return where in the claimed buffer the frame starts. */
        int offset();
    }

    private final EpochNanoClock clock = new OffsetEpochNanoClock();
    private final Sink sink;
    private final int maxFrameLength;
    private long correlationId;
    private long causationId;

    FrameEmitter(final Sink sink, final int maxFrameLength)
    {
        this.sink = sink;
        this.maxFrameLength = maxFrameLength;
    }

    /**
     * Set what the facts emitted next inherit.
     *
     * @param correlationId of the fact being handled.
     * @param sequence      of the fact being handled.
     * @return this.
     */
    FrameEmitter cause(final long correlationId, final long sequence)
    {
        this.correlationId = correlationId;
        this.causationId = sequence;
        return this;
    }

    @Override
    public boolean isReplay()
    {
        return false;
    }

    @Override
    public <T> void emit(
        final int messageType, final short schemaVersion, final PayloadEncoder<T> encoder, final T source)
    {
        emit(messageType, schemaVersion, correlationId, causationId, encoder, source);
    }

    @Override
    public <T> void emit(
        final int messageType,
        final short schemaVersion,
        final long correlationId,
        final long causationId,
        final PayloadEncoder<T> encoder,
        final T source)
    {
        encoder.validate(source);
        final MutableDirectBuffer buffer = sink.claim(maxFrameLength);
        final int offset = sink.offset();
        final int payloadLength = encoder.encode(
            source, buffer, offset + RecordDescriptor.HEADER_LENGTH, maxFrameLength - RecordDescriptor.HEADER_LENGTH);
        final int frameLength = RecordDescriptor.HEADER_LENGTH + payloadLength;
        writeHeader(
            buffer, offset, frameLength, clock.nanoTime(), messageType, schemaVersion, correlationId, causationId);
        sink.onFrame(buffer, offset, frameLength);
    }

    static void writeHeader(
        final MutableDirectBuffer buffer,
        final int offset,
        final int frameLength,
        final long timestamp,
        final int messageType,
        final short schemaVersion,
        final long correlationId,
        final long causationId)
    {
        RecordDescriptor.putHeader(buffer, offset, frameLength, 0, timestamp, messageType, schemaVersion, (short)0,
            correlationId, causationId);
    }
}
