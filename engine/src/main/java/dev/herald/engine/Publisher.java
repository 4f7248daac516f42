package dev.herald.engine;

import org.agrona.MutableDirectBuffer;

import dev.herald.journal.JournalException;
import dev.herald.journal.RecordDescriptor;

import java.util.concurrent.locks.LockSupport;

/**
 * The publishing side of the engine: validate, claim a slot, encode straight into it, stamp the header, publish.
 * Nothing enters the ring unless the source passed validation, and nothing is allocated.
 *
 * <p>Threading: any number of publishing threads with a multi-producer ring, exactly one with a single-producer
 * ring.
 */
final class Publisher
{
    /** Source partition and offset of a fact published without a source position. */
    static final int NO_SOURCE = -1;

    private final Ring ring;
    private final EngineState state;

    Publisher(final Ring ring, final EngineState state)
    {
        this.ring = ring;
        this.state = state;
    }

    <T> long tryPublish(
        final int messageType,
        final short schemaVersion,
        final long correlationId,
        final PayloadEncoder<T> encoder,
        final T source)
    {
        if (!state.isRunning())
        {
            return Engine.CLOSED;
        }
        if (state.journalFailure() != null)
        {
            return Engine.JOURNAL_FAILED;
        }
        validate(messageType, encoder, source);
        final long ringSequence = ring.tryClaimForPublisher();
        if (ringSequence < 0)
        {
            ring.ringFullCount.incrementAndGet();
            return Engine.BACK_PRESSURED;
        }
        return write(ringSequence, messageType, schemaVersion, correlationId, encoder, source, NO_SOURCE, NO_SOURCE);
    }

    <T> long publish(
        final int messageType,
        final short schemaVersion,
        final long correlationId,
        final PayloadEncoder<T> encoder,
        final T source,
        final long timeoutNs)
    {
        return publish(messageType, schemaVersion, correlationId, encoder, source, NO_SOURCE, NO_SOURCE, timeoutNs);
    }

    /** As {@link #publish}, the fact carrying a source position when {@code sourcePartition >= 0}. */
    <T> long publish(
        final int messageType,
        final short schemaVersion,
        final long correlationId,
        final PayloadEncoder<T> encoder,
        final T source,
        final int sourcePartition,
        final long sourceOffset,
        final long timeoutNs)
    {
        checkOpen();
        validate(messageType, encoder, source);
        return claimAndWrite(messageType, schemaVersion, correlationId, encoder, source, sourcePartition,
            sourceOffset, timeoutNs);
    }

    /**
     * Journal a {@link RecordDescriptor#TYPE_HANDLER_FAILED} fact for input that could not become a fact (a Kafka
     * record that fails validation), with its source position; on the failure path only, so it allocates.
     */
    long publishFailure(
        final String sourceName,
        final Throwable throwable,
        final long correlationId,
        final int sourcePartition,
        final long sourceOffset,
        final long timeoutNs)
    {
        checkOpen();
        return claimAndWrite(RecordDescriptor.TYPE_HANDLER_FAILED, HandlerFailure.SCHEMA_VERSION, correlationId,
            (Throwable cause, MutableDirectBuffer buffer, int offset, int maxLength) ->
                HandlerFailure.encode(sourceName, cause, buffer, offset, maxLength),
            throwable, sourcePartition, sourceOffset, timeoutNs);
    }

    private void checkOpen()
    {
        if (!state.isRunning())
        {
            throw new IllegalStateException("engine closed");
        }
        checkJournal();
    }

    private <T> long claimAndWrite(
        final int messageType,
        final short schemaVersion,
        final long correlationId,
        final PayloadEncoder<T> encoder,
        final T source,
        final int sourcePartition,
        final long sourceOffset,
        final long timeoutNs)
    {
        validateSource(sourcePartition, sourceOffset);
        final long ringSequence = claim(timeoutNs);
        if (ringSequence < 0)
        {
            return Engine.BACK_PRESSURED;
        }
        return write(ringSequence, messageType, schemaVersion, correlationId, encoder, source, sourcePartition,
            sourceOffset);
    }

    /** @return a claimed ring sequence, or -1 when the timeout passed first. */
    private long claim(final long timeoutNs)
    {
        long ringSequence = ring.tryClaimForPublisher();
        if (ringSequence < 0)
        {
            ring.ringFullCount.incrementAndGet();
            final long deadlineNs = System.nanoTime() + timeoutNs;
            int idles = 0;
            while ((ringSequence = ring.tryClaimForPublisher()) < 0)
            {
                if (!state.isRunning())
                {
                    throw new IllegalStateException("engine closed");
                }
                checkJournal();
                if (System.nanoTime() - deadlineNs >= 0)
                {
                    return -1;
                }
                backOff(idles++);
            }
        }
        return ringSequence;
    }

    private void checkJournal()
    {
        final JournalException failure = state.journalFailure();
        if (failure != null)
        {
            throw failure;
        }
    }

    /** Spin, then yield, then park for growing periods of up to 100 microseconds. */
    static void backOff(final int idles)
    {
        if (idles < 64)
        {
            Thread.onSpinWait();
        }
        else if (idles < 80)
        {
            Thread.yield();
        }
        else
        {
            LockSupport.parkNanos(Math.min(100_000L, 1_000L << Math.min(idles - 80, 7)));
        }
    }

    /** The check every fact passes before a slot is claimed for it, published or emitted. */
    static <T> void validate(final int messageType, final PayloadEncoder<T> encoder, final T source)
    {
        if (messageType < 0)
        {
            throw new IllegalArgumentException(
                "invalid messageType=" + messageType + ", must be >= 0 (negative types are Herald's own)");
        }
        encoder.validate(source);
    }

    /**
     * @throws IllegalArgumentException for a source position with a negative offset (a negative partition means
     *                                  none).
     */
    static void validateSource(final int sourcePartition, final long sourceOffset)
    {
        if (sourcePartition >= 0 && sourceOffset < 0)
        {
            throw new IllegalArgumentException("invalid sourceOffset=" + sourceOffset + ", must be >= 0");
        }
    }

    /** @throws IllegalArgumentException when a caller that must give a source position gave none. */
    static void requireSource(final int sourcePartition)
    {
        if (sourcePartition < 0)
        {
            throw new IllegalArgumentException("invalid sourcePartition=" + sourcePartition + ", must be >= 0");
        }
    }

    private <T> long write(
        final long ringSequence,
        final int messageType,
        final short schemaVersion,
        final long correlationId,
        final PayloadEncoder<T> encoder,
        final T source,
        final int sourcePartition,
        final long sourceOffset)
    {
        ring.write(ringSequence, messageType, schemaVersion, correlationId, RecordDescriptor.NO_CAUSATION,
            encoder, source, sourcePartition, sourceOffset);
        if (state.isClosed())
        {
            // It passed the running check before the close began; the close may have finished draining since.
            throw new IllegalStateException("engine closed while publishing; the message may not be journaled");
        }
        return ring.base + ringSequence;
    }
}
