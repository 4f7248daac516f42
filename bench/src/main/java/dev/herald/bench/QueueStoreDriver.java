package dev.herald.bench;

import dev.herald.engine.MessageHandler;
import dev.herald.engine.MessageTypes;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalWriter;
import dev.herald.journal.RecordDescriptor;
import dev.herald.journal.RecordView;
import dev.herald.store.OrderGenerator;
import dev.herald.store.OrderPlacedEncoder;
import dev.herald.store.OrderRequest;
import dev.herald.store.Store;
import dev.herald.store.StoreMessageTypes;
import dev.herald.store.StoreSchema;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The store on one {@link ArrayBlockingQueue} plus thread per reaction, and one for the journal: publishing (an
 * order, or a fact a reaction derives) takes a lock, gives the fact the next sequence and puts a copy in every
 * queue, so all consumers see one order. The queues are made large enough never to fill in a benchmark run: a
 * full bounded queue that a reaction publishes into while the publisher waits on that reaction deadlocks.
 */
public final class QueueStoreDriver extends StoreDriver
{
    /** Capacity of each queue. */
    public static final int CAPACITY = 1 << 20;
    private static final long IDLE_TICK_MS = 10;

    private final Object lock = new Object();
    private final Path dir;
    private final JournalWriter writer;
    private final ArrayBlockingQueue<byte[]>[] queues;
    private final Thread[] threads;
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[Store.MIN_MAX_MESSAGE_LENGTH]);
    private final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
    private volatile boolean running = true;
    private long nextSequence;

    /**
     * @param generator      orders, also used to set stock and declined cards.
     * @param expectedOrders orders the reactions pre-size their state for.
     */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    public QueueStoreDriver(final OrderGenerator generator, final int expectedOrders)
    {
        super(generator, expectedOrders);
        dir = TempDirectory.create("queue-store");
        writer = Journal.openWriter(JournalSink.context(dir).applicationId(StoreSchema.APPLICATION_ID));
        final MessageHandler[] reactions = handlers();
        queues = new ArrayBlockingQueue[reactions.length + 1];
        threads = new Thread[reactions.length + 1];
        for (int i = 0; i < queues.length; i++)
        {
            queues[i] = new ArrayBlockingQueue<>(CAPACITY);
        }
        threads[0] = new Thread(this::journalLoop, "abq-store-journal");
        final String[] names = stageNames();
        for (int i = 0; i < reactions.length; i++)
        {
            final MessageHandler reaction = reactions[i];
            final ArrayBlockingQueue<byte[]> queue = queues[i + 1];
            threads[i + 1] = new Thread(() -> reactionLoop(reaction, queue), "abq-store-" + names[i]);
        }
        for (final Thread thread : threads)
        {
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public void place(final OrderRequest order)
    {
        OrderPlacedEncoder.INSTANCE.validate(order);
        final int payloadLength = OrderPlacedEncoder.INSTANCE.encode(order, scratch, RecordDescriptor.HEADER_LENGTH,
            Store.MIN_MAX_MESSAGE_LENGTH - RecordDescriptor.HEADER_LENGTH);
        FrameEmitter.writeHeader(scratch, 0, RecordDescriptor.HEADER_LENGTH + payloadLength, clock.nanoTime(),
            StoreMessageTypes.ORDER_PLACED, StoreSchema.SCHEMA_VERSION, order.orderId(), RecordDescriptor.NO_CAUSATION);
        publish(scratch, 0, RecordDescriptor.HEADER_LENGTH + payloadLength);
        published++;
    }

    void publish(final DirectBuffer buffer, final int offset, final int length)
    {
        try
        {
            synchronized (lock)
            {
                final long sequence = nextSequence++;
                for (final ArrayBlockingQueue<byte[]> queue : queues)
                {
                    final byte[] copy = new byte[length];
                    buffer.getBytes(offset, copy);
                    final UnsafeBuffer header = new UnsafeBuffer(copy);
                    header.putLong(RecordDescriptor.SEQUENCE_OFFSET, sequence, LITTLE_ENDIAN);
                    queue.put(copy);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", ex);
        }
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
                    writer.append(buffer, 0, next.length);
                }
                while ((next = queue.poll()) != null);
                writer.endOfBatch();
            }
        }
        catch (final InterruptedException ignore)
        {
            // close() stops the loop
        }
    }

    private void reactionLoop(final MessageHandler reaction, final ArrayBlockingQueue<byte[]> queue)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        final RecordView view = new RecordView();
        final UnsafeBuffer emitScratch = new UnsafeBuffer(new byte[Store.MIN_MAX_MESSAGE_LENGTH]);
        final FrameEmitter emitter = new FrameEmitter(new FrameEmitter.Sink()
        {
            @Override
            public void onFrame(final MutableDirectBuffer frame, final int offset, final int length)
            {
                publish(frame, offset, length);
            }

            @Override
            public MutableDirectBuffer claim(final int length)
            {
                return emitScratch;
            }

            @Override
            public int offset()
            {
                return 0;
            }
        }, Store.MIN_MAX_MESSAGE_LENGTH);
        final MessageTypes handled = reaction.messageTypes();
        reaction.onStart();
        try
        {
            while (running)
            {
                final byte[] next = queue.poll(IDLE_TICK_MS, TimeUnit.MILLISECONDS);
                if (next == null)
                {
                    reaction.onIdle(emitter);
                    continue;
                }
                buffer.wrap(next);
                view.wrap(buffer, 0);
                if (handled.contains(view.messageType()))
                {
                    reaction.onMessage(view, emitter.cause(view.correlationId(), view.sequence()));
                }
                if (queue.isEmpty())
                {
                    reaction.onEndOfBatch();
                }
            }
        }
        catch (final InterruptedException ignore)
        {
            // close() stops the loop
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("reaction failed", ex);
        }
        finally
        {
            reaction.onShutdown();
        }
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
        writer.close();
        TempDirectory.delete(dir);
    }
}
