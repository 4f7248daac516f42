package dev.herald.engine;

import dev.herald.journal.RecordDescriptor;
import org.agrona.ExpandableRingBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A live stage's emitter. A derived fact goes straight into the ring when there is room; when the ring is full
 * it is encoded into the stage's overflow instead, which the stage drains, in order and before any newer fact,
 * between batches while it keeps consuming. A stage thread therefore never waits for ring capacity, which is
 * what makes the emit-into-a-full-ring deadlock (Disruptor #415) impossible, and nothing is dropped.
 *
 * <p>Once the journal has failed, emitting throws its failure: the fact could enter the ring but never the journal.
 *
 * <p>Threading: the stage's thread only; {@link #overflowCount()} may be read from any thread.
 */
final class StageEmitter implements Emitter
{
    private final Ring ring;
    private final String stageName;
    private final EngineState state;
    private final ExpandableRingBuffer overflow;
    private final UnsafeBuffer scratch;
    private final ExpandableRingBuffer.MessageConsumer drainer = this::drainOne;
    private final FailureSource failure = new FailureSource();
    private volatile long overflowCount;
    private long correlationId;
    private long causationId = RecordDescriptor.NO_CAUSATION;
    private int drained;

    StageEmitter(final Ring ring, final String stageName, final EngineState state)
    {
        this.ring = ring;
        this.stageName = stageName;
        this.state = state;
        this.overflow = new ExpandableRingBuffer(
            Math.max(4096, ring.slotLength * 4), ExpandableRingBuffer.MAX_CAPACITY, false);
        this.scratch = new UnsafeBuffer(new byte[ring.slotLength]);
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
        if (!ring.multiProducer)
        {
            throw new IllegalStateException("emit needs producerType=MULTI, this engine runs producerType=SINGLE");
        }
        Publisher.validate(messageType, encoder, source);
        offer(messageType, schemaVersion, correlationId, causationId, encoder, source);
    }

    void bind(final long correlationId, final long causationId)
    {
        this.correlationId = correlationId;
        this.causationId = causationId;
    }

    void unbind()
    {
        bind(0, RecordDescriptor.NO_CAUSATION);
    }

    long overflowCount()
    {
        return overflowCount;
    }

    /** Record a handler failure as a fact; without multi-producer sequencing it can only be reported. */
    void emitFailure(final long correlationId, final long causationId, final Throwable throwable)
    {
        if (ring.multiProducer)
        {
            failure.throwable = throwable;
            try
            {
                offer(RecordDescriptor.TYPE_HANDLER_FAILED, HandlerFailure.SCHEMA_VERSION, correlationId,
                    causationId, FailureEncoder.INSTANCE, failure);
            }
            finally
            {
                failure.throwable = null;
            }
        }
    }

    /** @return frames moved from the overflow into the ring. */
    int drain()
    {
        drained = 0;
        if (overflowCount > 0)
        {
            overflow.consume(drainer, Integer.MAX_VALUE);
        }
        return drained;
    }

    private <T> void offer(
        final int messageType,
        final short schemaVersion,
        final long correlationId,
        final long causationId,
        final PayloadEncoder<T> encoder,
        final T source)
    {
        if (state.journalFailure() != null)
        {
            // It could enter the ring but never the journal: refuse it, as a publish is refused.
            throw state.journalFailure();
        }
        if (overflowCount == 0)
        {
            final long ringSequence = ring.tryClaim();
            if (ringSequence >= 0)
            {
                ring.write(ringSequence, messageType, schemaVersion, correlationId, causationId, encoder, source);
                return;
            }
            ring.ringFullCount.incrementAndGet();
        }

        final int frameLength = ring.encodeFrame(
            scratch, messageType, schemaVersion, correlationId, causationId, encoder, source);
        if (!overflow.append(scratch, 0, frameLength))
        {
            throw new IllegalStateException("overflow of stage=" + stageName + " is full at capacity=" +
                overflow.capacity() + " bytes; the fact was not emitted");
        }
        if (overflowCount == 0)
        {
            ring.stagesOverflowing.incrementAndGet();
        }
        overflowCount = overflowCount + 1;
    }

    private boolean drainOne(
        final MutableDirectBuffer buffer, final int offset, final int length, final int headOffset)
    {
        final long ringSequence = ring.tryClaim();
        if (ringSequence < 0)
        {
            return false;
        }
        ring.writeFrame(ringSequence, buffer, offset, length);
        overflowCount = overflowCount - 1;
        if (overflowCount == 0)
        {
            ring.stagesOverflowing.decrementAndGet();
        }
        drained++;
        return true;
    }

    private final class FailureSource
    {
        Throwable throwable;

        String stageName()
        {
            return stageName;
        }
    }

    private static final class FailureEncoder implements PayloadEncoder<FailureSource>
    {
        static final FailureEncoder INSTANCE = new FailureEncoder();

        @Override
        public int encode(
            final FailureSource source, final MutableDirectBuffer buffer, final int offset, final int maxLength)
        {
            return HandlerFailure.encode(source.stageName(), source.throwable, buffer, offset, maxLength);
        }
    }
}
