package dev.herald.store;

import dev.herald.engine.Emitter;
import dev.herald.engine.MessageHandler;
import dev.herald.engine.PayloadEncoder;
import dev.herald.journal.RecordDescriptor;
import dev.herald.journal.RecordView;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The reactions' hot path allocates nothing in steady state: orders and every derived fact flow through all seven
 * reactions over a pre-allocated log, and the thread's allocated bytes are compared before and after.
 */
class AllocationTest
{
    private static final int WARM_UP = 5_000;
    private static final int MEASURED = 3_000;
    /** Rounds measured: until the JIT has compiled every path, interpreted code allocates what compiled code does not. */
    private static final int ROUNDS = 4;

    @Test
    void shouldNotAllocateWhileReactingToOrders() throws Exception
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final int total = WARM_UP + ROUNDS * MEASURED;
        final Store store = new Store(new OrderGenerator(1).stockInto(new Store.Context()
            .expectedOrders(total + 100)));
        final FlatLog log = new FlatLog(store.handlers(), total * 16);
        final OrderGenerator generator = new OrderGenerator(1);
        final OrderRequest request = new OrderRequest();

        run(log, generator, request, WARM_UP);
        final long[] allocated = new long[ROUNDS];
        long least = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS && least >= 1024; round++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            run(log, generator, request, MEASURED);
            allocated[round] = threads.getCurrentThreadAllocatedBytes() - before;
            least = Math.min(least, allocated[round]);
        }

        assertTrue(store.orders().completed() > WARM_UP / 2, "orders flowed: " + store.orders().completed());
        assertTrue(least < 1024, "bytes allocated per round of " + MEASURED + " orders: " +
            java.util.Arrays.toString(allocated));
    }

    private static void run(final FlatLog log, final OrderGenerator generator, final OrderRequest request,
        final int orders) throws Exception
    {
        for (int i = 0; i < orders; i++)
        {
            generator.next(request);
            log.append(StoreMessageTypes.ORDER_PLACED, request.orderId(), RecordDescriptor.NO_CAUSATION,
                OrderPlacedEncoder.INSTANCE, request);
            log.drain();
        }
    }

    /** A pre-allocated log every reaction reads in order; emitted facts are appended to it. */
    static final class FlatLog implements Emitter
    {
        private final UnsafeBuffer buffer;
        private final int[] offsets;
        private final MessageHandler[] handlers;
        private final int[] cursors;
        private final RecordView view = new RecordView();
        private int count;
        private int length;
        private int current;
        private long nextSequence;

        FlatLog(final MessageHandler[] handlers, final int capacity)
        {
            this.handlers = handlers;
            cursors = new int[handlers.length];
            offsets = new int[capacity];
            buffer = new UnsafeBuffer(new byte[capacity * 128]);
        }

        <T> void append(final int type, final long correlationId, final long causationId,
            final PayloadEncoder<T> encoder, final T source)
        {
            encoder.validate(source);
            final int offset = length;
            final int payload = encoder.encode(source, buffer, offset + RecordDescriptor.HEADER_LENGTH, 1024);
            TestBus.writeHeader(buffer, offset, RecordDescriptor.HEADER_LENGTH + payload, nextSequence,
                1_000_000L * nextSequence, type, correlationId, causationId);
            nextSequence++;
            offsets[count++] = offset;
            length += RecordDescriptor.alignedLength(RecordDescriptor.HEADER_LENGTH + payload);
        }

        /** Drain, then start the log over: every handler has seen all of it. */
        void drainAndRecycle() throws Exception
        {
            drain();
            count = 0;
            length = 0;
            java.util.Arrays.fill(cursors, 0);
        }

        void drain() throws Exception
        {
            boolean progress = true;
            while (progress)
            {
                progress = false;
                for (int i = 0; i < handlers.length; i++)
                {
                    while (cursors[i] < count)
                    {
                        current = offsets[cursors[i]++];
                        handlers[i].onMessage(view.wrap(buffer, current), this);
                        progress = true;
                    }
                }
            }
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
            final long correlation = buffer.getLong(current + RecordDescriptor.CORRELATION_ID_OFFSET,
                java.nio.ByteOrder.LITTLE_ENDIAN);
            final long sequence = buffer.getLong(current + RecordDescriptor.SEQUENCE_OFFSET,
                java.nio.ByteOrder.LITTLE_ENDIAN);
            append(messageType, correlation, sequence, encoder, source);
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
            append(messageType, correlationId, causationId, encoder, source);
        }
    }
}
