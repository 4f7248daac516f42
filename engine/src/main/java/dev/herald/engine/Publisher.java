package dev.herald.engine;

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
        return write(ringSequence, messageType, schemaVersion, correlationId, encoder, source);
    }

    <T> long publish(
        final int messageType,
        final short schemaVersion,
        final long correlationId,
        final PayloadEncoder<T> encoder,
        final T source,
        final long timeoutNs)
    {
        if (!state.isRunning())
        {
            throw new IllegalStateException("engine closed");
        }
        checkJournal();
        validate(messageType, encoder, source);
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
                    return Engine.BACK_PRESSURED;
                }
                backOff(idles++);
            }
        }
        return write(ringSequence, messageType, schemaVersion, correlationId, encoder, source);
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

    private <T> long write(
        final long ringSequence,
        final int messageType,
        final short schemaVersion,
        final long correlationId,
        final PayloadEncoder<T> encoder,
        final T source)
    {
        ring.write(ringSequence, messageType, schemaVersion, correlationId, RecordDescriptor.NO_CAUSATION,
            encoder, source);
        if (state.isClosed())
        {
            // It passed the running check before the close began; the close may have finished draining since.
            throw new IllegalStateException("engine closed while publishing; the message may not be journaled");
        }
        return ring.base + ringSequence;
    }
}
