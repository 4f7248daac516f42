package dev.herald.store;

import dev.herald.journal.RecordDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bounded state: on a long stream of orders, every reaction holds only the open orders and its deduplication
 * window, and the heap after a full GC stays flat once the window is full. Orders:
 * {@value #ORDERS_DEFAULT} times {@code herald.test.scale}.
 */
class StoreMemoryTest
{
    private static final int ORDERS_DEFAULT = 300_000;
    private static final int ORDERS = ORDERS_DEFAULT * Integer.getInteger("herald.test.scale", 1);
    private static final int WINDOW = 2_000;
    private static final long HEAP_GROWTH_LIMIT = 8L * 1024 * 1024;

    @Test
    @Timeout(300)
    void shouldKeepStateAndHeapFlatOnceTheWindowIsFull() throws Exception
    {
        final Store store = new Store(new OrderGenerator(5).stockInto(new Store.Context()
            .window(WINDOW, Long.MAX_VALUE)
            .paymentGateway(new PaymentGateway()
            {
                @Override
                public int capture(final long orderId, final long customerId, final long amount, final short currency)
                {
                    return CAPTURED;
                }

                @Override
                public boolean refund(final long orderId, final long amount, final short currency)
                {
                    return true;
                }
            })
            .mailer((orderId, customerId, contact, offset, length, amount, currency) -> true)
            .warehouseClient((orderId, customerId) -> true)));
        final AllocationTest.FlatLog log = new AllocationTest.FlatLog(store.handlers(), 1024);
        final OrderGenerator generator = new OrderGenerator(5);
        final OrderRequest request = new OrderRequest();

        run(log, generator, request, ORDERS / 4);
        final long heapWindowFull = heapAfterGc();
        run(log, generator, request, ORDERS - ORDERS / 4);
        final long heapAtEnd = heapAfterGc();

        final long held = store.orders().held();
        assertTrue(held <= WINDOW + 64, "orders held by the lifecycle: " + held);
        assertTrue(store.payment().orders() <= WINDOW + 64, "orders held by payment: " + store.payment().orders());
        assertTrue(store.orders().completed() > ORDERS / 2, "orders flowed: " + store.orders().completed());
        assertTrue(heapAtEnd - heapWindowFull < HEAP_GROWTH_LIMIT, "heap after GC grew from " + heapWindowFull +
            " to " + heapAtEnd + " bytes over " + (ORDERS - ORDERS / 4) + " orders");
    }

    private static void run(final AllocationTest.FlatLog log, final OrderGenerator generator,
        final OrderRequest request, final int orders) throws Exception
    {
        for (int i = 0; i < orders; i++)
        {
            generator.next(request);
            log.append(StoreMessageTypes.ORDER_PLACED, request.orderId(), RecordDescriptor.NO_CAUSATION,
                OrderPlacedEncoder.INSTANCE, request);
            log.drainAndRecycle();
        }
    }

    private static long heapAfterGc()
    {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++)
        {
            System.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
