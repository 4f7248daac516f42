package dev.herald.bench;

import dev.herald.journal.RecordView;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a team writes first: one {@link ArrayBlockingQueue} plus one thread per consumer, each queue fed its own
 * copy of the fact. The journal is one of those consumers (its own queue and thread; it appends what it takes
 * and marks the end of a batch whenever its queue runs empty).
 *
 * <p>Threading: one publishing thread; one thread per consumer, started here, stopped by {@link #close()}.
 */
public final class QueueFanOut implements FanOut
{
    private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    private final Reactions reactions;
    private final JournalSink journal;
    private final ArrayBlockingQueue<byte[]>[] queues;
    private final Thread[] threads;
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[FanOutEvents.FRAME_LENGTH]);
    private volatile boolean running = true;
    private long published;

    /**
     * @param reactions to run, one thread each.
     * @param capacity  of each queue.
     */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    public QueueFanOut(final Reactions reactions, final int capacity)
    {
        this.reactions = reactions;
        this.journal = new JournalSink("queue-fanout", reactions);
        final int consumers = reactions.count() + 1;
        queues = new ArrayBlockingQueue[consumers];
        threads = new Thread[consumers];
        for (int i = 0; i < consumers; i++)
        {
            queues[i] = new ArrayBlockingQueue<>(capacity);
        }
        threads[0] = new Thread(this::journalLoop, "abq-journal");
        for (int i = 1; i < consumers; i++)
        {
            final int index = i - 1;
            threads[i] = new Thread(() -> reactionLoop(index), "abq-reaction-" + index);
        }
        for (final Thread thread : threads)
        {
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public void publish(final long id, final long publishNanos)
    {
        FanOutEvents.encodeFrame(frame, 0, published++, id, publishNanos);
        final byte[] source = frame.byteArray();
        try
        {
            for (final ArrayBlockingQueue<byte[]> queue : queues)
            {
                queue.put(source.clone());
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing id=" + id, ex);
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
        running = false;
        for (final Thread thread : threads)
        {
            thread.interrupt();
        }
        for (final Thread thread : threads)
        {
            try
            {
                thread.join(10_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        journal.close();
    }

    private void journalLoop()
    {
        final ArrayBlockingQueue<byte[]> queue = queues[0];
        final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        try
        {
            while (running)
            {
                byte[] next = queue.take();
                do
                {
                    buffer.wrap(next);
                    journal.append(buffer, 0, next.length);
                }
                while ((next = queue.poll()) != null);
                journal.endOfBatch();
            }
        }
        catch (final InterruptedException ignore)
        {
            // close() stops the loop
        }
    }

    private void reactionLoop(final int index)
    {
        final ArrayBlockingQueue<byte[]> queue = queues[index + 1];
        final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        final RecordView view = new RecordView();
        try
        {
            while (running)
            {
                buffer.wrap(queue.take());
                reactions.react(index, view.wrap(buffer, 0));
            }
        }
        catch (final InterruptedException ignore)
        {
            // close() stops the loop
        }
    }
}
