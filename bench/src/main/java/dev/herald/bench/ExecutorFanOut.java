package dev.herald.bench;

import dev.herald.journal.RecordView;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An {@link ExecutorService} per reaction (single-threaded, so each reaction sees facts in order) plus one for
 * the journal: every fact becomes one task per consumer, each with its own copy, as code written with
 * {@code executor.execute(() -> handle(copy))} does.
 *
 * <p>Threading: one publishing thread; one executor thread per consumer, stopped by {@link #close()}.
 */
public final class ExecutorFanOut implements FanOut
{
    private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    private final Reactions reactions;
    private final JournalSink journal;
    private final ExecutorService[] executors;
    private final Runner[] runners;
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[FanOutEvents.FRAME_LENGTH]);
    private long published;

    /** @param reactions to run, one executor each. */
    public ExecutorFanOut(final Reactions reactions)
    {
        this.reactions = reactions;
        this.journal = new JournalSink("executor-fanout", reactions);
        final int consumers = reactions.count() + 1;
        executors = new ExecutorService[consumers];
        runners = new Runner[consumers];
        for (int i = 0; i < consumers; i++)
        {
            final String name = i == 0 ? "executor-journal" : "executor-reaction-" + (i - 1);
            executors[i] = Executors.newSingleThreadExecutor(r ->
            {
                final Thread thread = new Thread(r, name);
                thread.setDaemon(true);
                return thread;
            });
            runners[i] = new Runner(i - 1);
        }
    }

    @Override
    public void publish(final long id, final long publishNanos)
    {
        FanOutEvents.encodeFrame(frame, 0, published++, id, publishNanos);
        final byte[] source = frame.byteArray();
        for (int i = 0; i < executors.length; i++)
        {
            final byte[] copy = source.clone();
            final Runner runner = runners[i];
            executors[i].execute(() -> runner.run(copy));
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
        for (final ExecutorService executor : executors)
        {
            executor.shutdownNow();
        }
        for (final ExecutorService executor : executors)
        {
            try
            {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        journal.close();
    }

    private final class Runner
    {
        private final int index;
        private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        private final RecordView view = new RecordView();

        Runner(final int index)
        {
            this.index = index;
        }

        void run(final byte[] copy)
        {
            buffer.wrap(copy);
            if (index < 0)
            {
                journal.append(buffer, 0, copy.length);
                journal.endOfBatch();
            }
            else
            {
                reactions.react(index, view.wrap(buffer, 0));
            }
        }
    }
}
