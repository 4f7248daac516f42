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
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.nio.file.Path;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The limit on one thread: the publishing thread appends each fact to the journal and hands it to every
 * reaction in turn; derived facts go to a FIFO on the same thread and are handled the same way before the next
 * order, breadth first, as a ring would order them. The journal's batch ends every {@value #ORDERS_PER_BATCH}
 * orders and when the driver is asked to be quiet (one write of a few hundred kilobytes, as the journal stage writes
 * under load), not after every order: a write per order would measure the system call, not the reactions.
 *
 * <p>Without the journal ({@link #reactionsOnly}) sequences are counted instead of appended: what is left is the
 * store's own code (the generator, the encoding and the seven reactions), apart from the journal's cost, which on a
 * virtual machine also depends on how the host backs new page-cache memory (docs/benchmarks.md).
 */
public final class InlineStoreDriver extends StoreDriver implements FrameEmitter.Sink
{
    /** Orders per journal batch. */
    static final int ORDERS_PER_BATCH = 256;

    private final Path dir;
    /** Null when reactions only. */
    private final JournalWriter writer;
    private long sequence = -1;
    private final ExpandableArrayBuffer fifo = new ExpandableArrayBuffer(1 << 20);
    private final RecordView view = new RecordView();
    private final FrameEmitter emitter = new FrameEmitter(this, Store.MIN_MAX_MESSAGE_LENGTH);
    private final EpochNanoClock clock = new OffsetEpochNanoClock();
    private final MessageHandler[] reactions;
    private final MessageTypes[] handled;
    private int head;
    private int tail;

    /**
     * @param generator      orders, also used to set stock and declined cards.
     * @param expectedOrders orders the reactions pre-size their state for.
     */
    public InlineStoreDriver(final OrderGenerator generator, final int expectedOrders)
    {
        this(generator, null, expectedOrders, true);
    }

    /**
     * The reactions alone: no journal, sequences counted.
     *
     * @param generator      orders, also used to set stock and declined cards.
     * @param expectedOrders orders the reactions pre-size their state for.
     * @return the driver.
     */
    public static InlineStoreDriver reactionsOnly(final OrderGenerator generator, final int expectedOrders)
    {
        return new InlineStoreDriver(generator, null, expectedOrders, false);
    }

    /**
     * @param generator orders, also used to set stock.
     * @param context   the store's settings (its ports, its window); the generator's stock is added to it.
     */
    public InlineStoreDriver(final OrderGenerator generator, final Store.Context context)
    {
        this(generator, context, 0, true);
    }

    private InlineStoreDriver(
        final OrderGenerator generator, final Store.Context context, final int expectedOrders, final boolean journaled)
    {
        super(generator, context != null ? context : new Store.Context()
            .paymentGateway(generator.declineInto(new dev.herald.store.InMemoryPaymentGateway()))
            .expectedOrders(expectedOrders));
        dir = journaled ? TempDirectory.create("inline-store") : null;
        writer = journaled ?
            Journal.openWriter(JournalSink.context(dir).applicationId(StoreSchema.APPLICATION_ID)) : null;
        reactions = handlers();
        handled = new MessageTypes[reactions.length];
        for (int i = 0; i < reactions.length; i++)
        {
            handled[i] = reactions[i].messageTypes();
            reactions[i].onStart();
        }
    }

    @Override
    public void place(final OrderRequest order)
    {
        OrderPlacedEncoder.INSTANCE.validate(order);
        claim(Store.MIN_MAX_MESSAGE_LENGTH);
        final int offset = tail;
        final int payloadLength = OrderPlacedEncoder.INSTANCE.encode(order, fifo,
            offset + RecordDescriptor.HEADER_LENGTH, Store.MIN_MAX_MESSAGE_LENGTH - RecordDescriptor.HEADER_LENGTH);
        FrameEmitter.writeHeader(fifo, offset, RecordDescriptor.HEADER_LENGTH + payloadLength, clock.nanoTime(),
            StoreMessageTypes.ORDER_PLACED, StoreSchema.SCHEMA_VERSION, order.orderId(), RecordDescriptor.NO_CAUSATION);
        onFrame(fifo, offset, RecordDescriptor.HEADER_LENGTH + payloadLength);
        published++;
        drain();
        if (published % ORDERS_PER_BATCH == 0)
        {
            endOfBatch();
        }
    }

    @Override
    public void awaitQuiet()
    {
        endOfBatch();
    }

    private void endOfBatch()
    {
        if (writer != null)
        {
            writer.endOfBatch();
        }
        try
        {
            for (final MessageHandler reaction : reactions)
            {
                reaction.onEndOfBatch();
            }
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("reaction failed", ex);
        }
    }

    private void drain()
    {
        try
        {
            while (head < tail)
            {
                final int frameLength = fifo.getInt(head + RecordDescriptor.FRAME_LENGTH_OFFSET, LITTLE_ENDIAN);
                final long sequence = writer != null ? writer.append(fifo, head, frameLength) : ++this.sequence;
                fifo.putLong(head + RecordDescriptor.SEQUENCE_OFFSET, sequence, LITTLE_ENDIAN);
                view.wrap(fifo, head);
                emitter.cause(view.correlationId(), sequence);
                final int messageType = view.messageType();
                for (int i = 0; i < reactions.length; i++)
                {
                    if (handled[i].contains(messageType))
                    {
                        reactions[i].onMessage(view, emitter);
                    }
                }
                head += RecordDescriptor.alignedLength(frameLength);
            }
            head = 0;
            tail = 0;
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("reaction failed", ex);
        }
    }

    @Override
    public MutableDirectBuffer claim(final int length)
    {
        fifo.checkLimit(tail + length);
        return fifo;
    }

    @Override
    public int offset()
    {
        return tail;
    }

    @Override
    public void onFrame(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        tail = offset + RecordDescriptor.alignedLength(length);
    }

    @Override
    public void close()
    {
        for (final MessageHandler reaction : reactions)
        {
            reaction.onShutdown();
        }
        if (writer != null)
        {
            writer.close();
            TempDirectory.delete(dir);
        }
    }
}
