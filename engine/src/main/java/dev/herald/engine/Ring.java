package dev.herald.engine;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventFactory;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.ProducerType;
import dev.herald.journal.RecordDescriptor;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static dev.herald.journal.RecordDescriptor.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The Disruptor ring of pre-allocated {@link Slot}s and the one way frames are written into it. A slot's journal
 * sequence is {@code base + ringSequence}, where base is the journal's next sequence at launch, so the producer
 * stamps the final sequence and the journal stage appends the bytes unchanged.
 *
 * <p>The ring's wait strategy is never waited on (stage threads poll with their own idle strategies), so the
 * busy-spin one is used only because its publish signal costs nothing.
 */
final class Ring
{
    final RingBuffer<Slot> ringBuffer;
    final long base;
    final int slotLength;
    final int maxPayloadLength;
    final boolean multiProducer;
    final AtomicLong ringFullCount = new AtomicLong();
    /** Stages whose derived facts wait in their overflow for a slot; publishers wait for them. */
    final AtomicInteger stagesOverflowing = new AtomicInteger();
    private final EpochNanoClock clock;
    private final Doorbell doorbell;

    Ring(
        final ProducerType producerType,
        final int size,
        final int slotLength,
        final long base,
        final EpochNanoClock clock,
        final Doorbell doorbell)
    {
        this.base = base;
        this.slotLength = slotLength;
        this.maxPayloadLength = slotLength - HEADER_LENGTH;
        this.multiProducer = producerType == ProducerType.MULTI;
        this.clock = clock;
        this.doorbell = doorbell;
        this.ringBuffer = RingBuffer.create(
            producerType, new SlotFactory(size, slotLength), size, new BusySpinWaitStrategy());
    }

    Slot slot(final long ringSequence)
    {
        return ringBuffer.get(ringSequence);
    }

    long cursor()
    {
        return ringBuffer.getCursor();
    }

    /** @return a claimed ring sequence, or -1 when the ring is full. */
    /**
     * A slot for a new fact from a publisher: refused while any stage holds derived facts in its overflow, so that
     * facts already decided enter the ring before new ones (a producer that keeps the ring full would otherwise
     * starve them, and their overflow would grow without bound).
     *
     * @return the ring sequence claimed, or -1.
     */
    long tryClaimForPublisher()
    {
        return stagesOverflowing.get() > 0 ? -1 : tryClaim();
    }

    long tryClaim()
    {
        try
        {
            return ringBuffer.tryNext();
        }
        catch (final InsufficientCapacityException ignore)
        {
            return -1;
        }
    }

    boolean hasCapacity()
    {
        return ringBuffer.hasAvailableCapacity(1);
    }

    /**
     * Highest published ring sequence from {@code next} on without a gap; with several producers the cursor
     * counts claims, so each slot's availability is checked.
     */
    long highestPublished(final long next)
    {
        final long cursor = ringBuffer.getCursor();
        long sequence = next;
        while (sequence <= cursor && ringBuffer.isAvailable(sequence))
        {
            sequence++;
        }
        return sequence - 1;
    }

    /**
     * Encode a message straight into a claimed slot and publish it. A claimed slot must be published whatever
     * happens, so an encoder that throws leaves an {@link RecordDescriptor#TYPE_ENCODE_FAILED} record behind (keeping
     * the journal gap-free) and its exception is rethrown.
     */
    <T> void write(
        final long ringSequence,
        final int messageType,
        final short schemaVersion,
        final long correlationId,
        final long causationId,
        final PayloadEncoder<T> encoder,
        final T source)
    {
        write(ringSequence, messageType, schemaVersion, correlationId, causationId, encoder, source, -1, -1);
    }

    /**
     * Encode a fact into a claimed slot and publish it; with {@code sourcePartition >= 0} the frame also carries
     * that source position ({@link RecordDescriptor#FLAG_SOURCE_POSITION}), after the payload.
     */
    <T> void write(
        final long ringSequence,
        final int messageType,
        final short schemaVersion,
        final long correlationId,
        final long causationId,
        final PayloadEncoder<T> encoder,
        final T source,
        final int sourcePartition,
        final long sourceOffset)
    {
        final Slot slot = ringBuffer.get(ringSequence);
        final UnsafeBuffer buffer = slot.buffer;
        slot.publishNanos = System.nanoTime();
        try
        {
            final boolean sourced = sourcePartition >= 0;
            final int trailer = sourced ? RecordDescriptor.SOURCE_POSITION_LENGTH : 0;
            final int payloadLength = encoder.encode(source, buffer, HEADER_LENGTH, maxPayloadLength - trailer);
            checkPayloadLength(payloadLength + trailer, encoder);
            final int frameLength = HEADER_LENGTH + payloadLength + trailer;
            RecordDescriptor.putHeader(buffer, 0, frameLength, base + ringSequence, clock.nanoTime(), messageType,
                schemaVersion, sourced ? RecordDescriptor.FLAG_SOURCE_POSITION : 0, correlationId, causationId);
            if (sourced)
            {
                RecordDescriptor.putSourcePosition(buffer, 0, frameLength, sourcePartition, sourceOffset);
            }
        }
        catch (final Throwable throwable)
        {
            putHeader(buffer, base + ringSequence, clock.nanoTime(), RecordDescriptor.TYPE_ENCODE_FAILED, (short)0,
                correlationId, causationId, HEADER_LENGTH);
            publish(ringSequence);
            throw throwable;
        }
        publish(ringSequence);
    }

    /**
     * Encode a frame outside the ring, for a stage's overflow. The sequence field holds the emit time
     * ({@code System.nanoTime}) until {@link #writeFrame} gives the frame its sequence.
     *
     * @return the frame length.
     */
    <T> int encodeFrame(
        final MutableDirectBuffer buffer,
        final int messageType,
        final short schemaVersion,
        final long correlationId,
        final long causationId,
        final PayloadEncoder<T> encoder,
        final T source)
    {
        final long emitNanos = System.nanoTime();
        final int payloadLength = encoder.encode(source, buffer, HEADER_LENGTH, maxPayloadLength);
        checkPayloadLength(payloadLength, encoder);
        final int frameLength = HEADER_LENGTH + payloadLength;
        putHeader(buffer, emitNanos, clock.nanoTime(), messageType, schemaVersion, correlationId, causationId,
            frameLength);
        return frameLength;
    }

    /** Copy a frame made by {@link #encodeFrame} into a claimed slot, stamp its sequence and publish it. */
    void writeFrame(final long ringSequence, final DirectBuffer frame, final int offset, final int frameLength)
    {
        final Slot slot = ringBuffer.get(ringSequence);
        final UnsafeBuffer buffer = slot.buffer;
        buffer.putBytes(0, frame, offset, frameLength);
        slot.publishNanos = buffer.getLong(SEQUENCE_OFFSET, LITTLE_ENDIAN);
        buffer.putLong(SEQUENCE_OFFSET, base + ringSequence, LITTLE_ENDIAN);
        publish(ringSequence);
    }

    private void publish(final long ringSequence)
    {
        ringBuffer.publish(ringSequence);
        doorbell.signal();
    }

    private void checkPayloadLength(final int payloadLength, final PayloadEncoder<?> encoder)
    {
        if (payloadLength < 0 || payloadLength > maxPayloadLength)
        {
            throw new IllegalArgumentException("invalid payloadLength=" + payloadLength + " from encoder " +
                encoder.getClass().getName() + ", must be in [0, " + maxPayloadLength + "]");
        }
    }

    static void putHeader(
        final MutableDirectBuffer buffer,
        final long sequence,
        final long timestamp,
        final int messageType,
        final short schemaVersion,
        final long correlationId,
        final long causationId,
        final int frameLength)
    {
        RecordDescriptor.putHeader(buffer, 0, frameLength, sequence, timestamp, messageType, schemaVersion, (short)0,
            correlationId, causationId);
    }

    /** Carves every slot out of one aligned block of direct memory. */
    private static final class SlotFactory implements EventFactory<Slot>
    {
        private final ByteBuffer memory;
        private final int slotLength;
        private int next;

        SlotFactory(final int size, final int slotLength)
        {
            this.memory = BufferUtil.allocateDirectAligned(size * slotLength, 64);
            this.slotLength = slotLength;
        }

        @Override
        public Slot newInstance()
        {
            return new Slot(new UnsafeBuffer(memory, slotLength * next++, slotLength));
        }
    }
}
