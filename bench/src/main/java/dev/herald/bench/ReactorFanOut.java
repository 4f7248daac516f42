package dev.herald.bench;

import dev.herald.journal.RecordView;
import org.agrona.concurrent.UnsafeBuffer;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Project Reactor: a {@code Sinks.many().multicast().onBackpressureBuffer(capacity)} with one subscriber per
 * consumer (the journal and each reaction), each behind its own {@code publishOn} single-thread scheduler. One
 * copy of each fact is emitted and shared. When the buffer is full {@code tryEmitNext} fails and the publisher
 * backs off and retries, so nothing is dropped.
 *
 * <p>Threading: one publishing thread; one scheduler thread per consumer, disposed by {@link #close()}.
 */
public final class ReactorFanOut implements FanOut
{
    private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    private final Reactions reactions;
    private final JournalSink journal;
    private final Sinks.Many<byte[]> sink;
    private final Scheduler[] schedulers;
    private final Disposable[] subscriptions;
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[FanOutEvents.FRAME_LENGTH]);
    private long published;

    /**
     * @param reactions to run, one subscriber each.
     * @param capacity  of the sink's buffer.
     */
    public ReactorFanOut(final Reactions reactions, final int capacity)
    {
        this.reactions = reactions;
        this.journal = new JournalSink("reactor-fanout", reactions);
        sink = Sinks.many().multicast().onBackpressureBuffer(capacity, false);
        final int consumers = reactions.count() + 1;
        schedulers = new Scheduler[consumers];
        subscriptions = new Disposable[consumers];
        for (int i = 0; i < consumers; i++)
        {
            schedulers[i] = Schedulers.newSingle(i == 0 ? "reactor-journal" : "reactor-reaction-" + (i - 1), true);
            final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
            if (i == 0)
            {
                subscriptions[i] = sink.asFlux().publishOn(schedulers[i]).subscribe(bytes ->
                {
                    buffer.wrap(bytes);
                    journal.append(buffer, 0, bytes.length);
                    journal.endOfBatch();
                });
            }
            else
            {
                final int index = i - 1;
                final RecordView view = new RecordView();
                subscriptions[i] = sink.asFlux().publishOn(schedulers[i]).subscribe(bytes ->
                {
                    buffer.wrap(bytes);
                    reactions.react(index, view.wrap(buffer, 0));
                });
            }
        }
    }

    @Override
    public void publish(final long id, final long publishNanos)
    {
        FanOutEvents.encodeFrame(frame, 0, published++, id, publishNanos);
        final byte[] copy = frame.byteArray().clone();
        while (sink.tryEmitNext(copy).isFailure())
        {
            LockSupport.parkNanos(1_000);
        }
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
        sink.tryEmitComplete();
        for (final Disposable subscription : subscriptions)
        {
            subscription.dispose();
        }
        for (final Scheduler scheduler : schedulers)
        {
            scheduler.disposeGracefully().block(java.time.Duration.ofSeconds(10));
        }
        journal.close();
    }
}
