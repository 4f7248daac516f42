package dev.herald.bench;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import dev.herald.engine.WaitStrategy;
import dev.herald.journal.RecordView;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;

/**
 * The raw LMAX Disruptor, as a team would wire it by hand: pre-allocated frames in the ring, a claim/commit
 * publish (no translator boxing), a journal handler appending the same bytes to the same journal as Herald (page
 * cache, {@code endOfBatch} as the group-commit point), then the reactions, each gated on the journal handler.
 * Single-producer sequencing, the Disruptor's fastest, since only the publishing thread publishes.
 *
 * <ul>
 *   <li>{@code disruptor}: a {@code BatchEventProcessor} (thread) for the journal handler and one for each
 *   reaction, the Disruptor's own layout;</li>
 *   <li>{@code disruptor-shared}: one processor whose handler appends and then runs every reaction in order, the
 *   Disruptor on one thread, like Herald's {@code SHARED} layout;</li>
 *   <li>{@code disruptor-raw}: as {@code disruptor-shared}, but the journal is a raw {@code FileChannel} write of the
 *   same bytes per batch, plus an fdatasync under a forcing policy ({@link RawFileWriter}): no framing, no checksum,
 *   the floor under any journal.</li>
 * </ul>
 *
 * <p>Threading: one publishing thread; the Disruptor's threads, stopped by {@link #close()}.
 */
public final class DisruptorFanOut implements FanOut
{
    private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    private final Reactions reactions;
    private final JournalSink journal;
    private final java.nio.file.Path rawDir;
    private final RawFileWriter raw;
    private final Disruptor<UnsafeBuffer> disruptor;
    private final RingBuffer<UnsafeBuffer> ring;
    private long published;

    /**
     * @param reactions    to run.
     * @param ringSize     slots in the ring.
     * @param shared       one processor for the journal and every reaction, rather than one each.
     * @param waitStrategy the Disruptor wait strategy closest to this engine strategy.
     */
    public DisruptorFanOut(
        final Reactions reactions, final int ringSize, final boolean shared, final WaitStrategy waitStrategy)
    {
        this(reactions, ringSize, shared, waitStrategy, false);
    }

    /**
     * @param reactions    to run.
     * @param ringSize     slots in the ring.
     * @param shared       one processor for the journal and every reaction, rather than one each.
     * @param waitStrategy the Disruptor wait strategy closest to this engine strategy.
     * @param rawFile      journal with a raw FileChannel write per batch instead of Herald's journal.
     */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    public DisruptorFanOut(
        final Reactions reactions,
        final int ringSize,
        final boolean shared,
        final WaitStrategy waitStrategy,
        final boolean rawFile)
    {
        this.reactions = reactions;
        this.journal = rawFile ? null : new JournalSink("disruptor-fanout", reactions);
        this.rawDir = rawFile ? TempDirectory.create("disruptor-raw") : null;
        try
        {
            this.raw = rawFile ? new RawFileWriter(rawDir, JournalSink.SEGMENT_LENGTH, 1024 * 1024) : null;
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
        final boolean force = JournalSink.durability().mode() != dev.herald.journal.DurabilityPolicy.Mode.PAGE_CACHE;
        this.disruptor = new Disruptor<>(
            () -> new UnsafeBuffer(new byte[FanOutEvents.FRAME_LENGTH]), ringSize,
            (runnable) ->
            {
                final Thread thread = new Thread(runnable, "disruptor-processor");
                thread.setDaemon(true);
                return thread;
            },
            ProducerType.SINGLE, waitStrategyFor(waitStrategy));
        final EventHandler<UnsafeBuffer> journalHandler = rawFile ?
            (frame, sequence, endOfBatch) ->
            {
                raw.write(frame, 0, FanOutEvents.FRAME_LENGTH);
                reactions.journaled();
                if (endOfBatch)
                {
                    if (force)
                    {
                        raw.flushAndForce();
                    }
                    else
                    {
                        raw.flush();
                    }
                }
            } :
            (frame, sequence, endOfBatch) ->
            {
                journal.append(frame, 0, FanOutEvents.FRAME_LENGTH);
                if (endOfBatch)
                {
                    journal.endOfBatch();
                }
            };
        if (shared)
        {
            final RecordView view = new RecordView();
            disruptor.handleEventsWith((frame, sequence, endOfBatch) ->
            {
                journalHandler.onEvent(frame, sequence, endOfBatch);
                view.wrap(frame, 0);
                for (int i = 0, n = reactions.count(); i < n; i++)
                {
                    reactions.react(i, view);
                }
            });
        }
        else
        {
            final EventHandler<UnsafeBuffer>[] handlers = new EventHandler[reactions.count()];
            for (int i = 0; i < handlers.length; i++)
            {
                final int index = i;
                final RecordView view = new RecordView();
                handlers[i] = (frame, sequence, endOfBatch) -> reactions.react(index, view.wrap(frame, 0));
            }
            disruptor.handleEventsWith(journalHandler).then(handlers);
        }
        this.ring = disruptor.start();
    }

    /**
     * The Disruptor's counterpart of each engine wait strategy. Its {@code BlockingWaitStrategy} blocks only on the
     * cursor and busy-spins while a handler it depends on lags, so the reactions behind the journal handler spin.
     */
    static com.lmax.disruptor.WaitStrategy waitStrategyFor(final WaitStrategy waitStrategy)
    {
        switch (waitStrategy)
        {
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            case SLEEPING:
                return new SleepingWaitStrategy();
            case BLOCKING:
                return new BlockingWaitStrategy();
            default:
                // spin for as long as the adaptive strategy does, yield a little, then block on a lock
                return PhasedBackoffWaitStrategy.withLiteLock(50, 60, TimeUnit.MICROSECONDS);
        }
    }

    @Override
    public void publish(final long id, final long publishNanos)
    {
        final long sequence = ring.next();
        FanOutEvents.encodeFrame(ring.get(sequence), 0, sequence, id, publishNanos);
        ring.publish(sequence);
        published++;
    }

    @Override
    public void awaitDrained()
    {
        reactions.awaitAll(published, true, DRAIN_TIMEOUT_NS);
    }

    @Override
    public Reactions reactions()
    {
        return reactions;
    }

    @Override
    public void close()
    {
        disruptor.halt();
        if (journal != null)
        {
            journal.close();
        }
        else
        {
            try
            {
                raw.close();
            }
            catch (final java.io.IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
            TempDirectory.delete(rawDir);
        }
    }
}
