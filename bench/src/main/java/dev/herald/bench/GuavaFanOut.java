package dev.herald.bench;

import com.google.common.eventbus.AsyncEventBus;
import com.google.common.eventbus.Subscribe;
import dev.herald.journal.RecordView;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Guava's {@link AsyncEventBus} over a fixed pool with one thread per consumer: the journal and each reaction
 * are subscribers (not marked {@code @AllowConcurrentEvents}, so Guava runs each one's calls one at a time). One
 * copy of each fact is posted and shared by all subscribers. The pool may run one subscriber's facts out of order,
 * so the journal is not in publish order: Guava gives no ordering guarantee here.
 *
 * <p>Threading: one publishing thread; the pool's threads, stopped by {@link #close()}.
 */
public final class GuavaFanOut implements FanOut
{
    private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    private final Reactions reactions;
    private final JournalSink journal;
    private final ExecutorService pool;
    private final AsyncEventBus bus;
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[FanOutEvents.FRAME_LENGTH]);
    private long published;

    /** @param reactions to run as subscribers. */
    public GuavaFanOut(final Reactions reactions)
    {
        this.reactions = reactions;
        this.journal = new JournalSink("guava-fanout", reactions);
        pool = Executors.newFixedThreadPool(reactions.count() + 1, r ->
        {
            final Thread thread = new Thread(r, "guava-bus");
            thread.setDaemon(true);
            return thread;
        });
        bus = new AsyncEventBus("herald-bench", pool);
        bus.register(new JournalSubscriber());
        for (int i = 0; i < reactions.count(); i++)
        {
            bus.register(new ReactionSubscriber(i));
        }
    }

    @Override
    public void publish(final long id, final long publishNanos)
    {
        FanOutEvents.encodeFrame(frame, 0, published++, id, publishNanos);
        bus.post(new Fact(frame.byteArray().clone()));
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
        pool.shutdownNow();
        try
        {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        journal.close();
    }

    /** The event posted on the bus: one immutable copy of the frame. */
    public static final class Fact
    {
        final byte[] frame;

        Fact(final byte[] frame)
        {
            this.frame = frame;
        }
    }

    /** The journal as a subscriber. */
    public final class JournalSubscriber
    {
        private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);

        /** @param fact posted. */
        @Subscribe
        public void on(final Fact fact)
        {
            buffer.wrap(fact.frame);
            journal.append(buffer, 0, fact.frame.length);
            journal.endOfBatch();
        }
    }

    /** One reaction as a subscriber. */
    public final class ReactionSubscriber
    {
        private final int index;
        private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        private final RecordView view = new RecordView();

        ReactionSubscriber(final int index)
        {
            this.index = index;
        }

        /** @param fact posted. */
        @Subscribe
        public void on(final Fact fact)
        {
            buffer.wrap(fact.frame);
            reactions.react(index, view.wrap(buffer, 0));
        }
    }
}
