package dev.herald.store;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class OrderTableTest
{
    private static OrderTable table(final int width, final int expected)
    {
        return new OrderTable(width, expected, new SettledWindow(Integer.MAX_VALUE, Long.MAX_VALUE, 16));
    }

    @Test
    void shouldMatchAMapUnderRandomInsertsAndRemovesOfClusteredAndScatteredIds()
    {
        final Random random = new Random(7);
        for (final long spread : new long[]{ 64, 1L << 20, Long.MAX_VALUE / 4 })
        {
            final OrderTable table = table(2, 16);
            final Long2LongHashMap reference = new Long2LongHashMap(0);
            for (int i = 0; i < 200_000; i++)
            {
                final long orderId = 1 + (long)(random.nextDouble() * spread);
                if (random.nextInt(3) == 0)
                {
                    table.remove(orderId);
                    reference.remove(orderId);
                }
                else
                {
                    final int slot = table.insert(orderId);
                    table.set(slot, 1, table.get(slot, 1) + 1);
                    reference.put(orderId, reference.get(orderId) + 1);
                }
                final long probe = 1 + (long)(random.nextDouble() * spread);
                final int slot = table.find(probe);
                assertEquals(reference.get(probe), slot < 0 ? 0 : table.get(slot, 1), "order " + probe);
            }
            assertEquals(reference.size(), table.size());
            reference.forEach((orderId, count) -> assertEquals(count, table.get(table.find(orderId), 1)));
        }
    }

    @Test
    void shouldKeepAscendingIdsInNeighbouringSlotsAtTheirHome()
    {
        final OrderTable table = table(1, 1 << 16);
        for (long orderId = 1_000_000; orderId < 1_050_000; orderId++)
        {
            table.insert(orderId);
        }
        final int mask = table.capacity() - 1;
        for (int slot = 0; slot < table.capacity(); slot++)
        {
            final long orderId = table.orderIdAt(slot);
            if (orderId != 0)
            {
                assertEquals(slot, OrderTable.home(orderId, mask), "order " + orderId + " sits away from home");
            }
        }
        for (long block = 1_000_000 / 64 * 64 + 64; block + 64 <= 1_050_000; block += 64)
        {
            final int first = table.find(block) / 64;
            for (long orderId = block; orderId < block + 64; orderId++)
            {
                assertEquals(first, table.find(orderId) / 64,
                    "an aligned block of 64 ids fills one aligned block of 64 slots: order " + orderId);
            }
        }
    }

    @Test
    void shouldKeepFieldsWhenGrowing()
    {
        final OrderTable table = table(3, 16);
        for (long orderId = 1; orderId <= 10_000; orderId += 3)
        {
            final int slot = table.insert(orderId * 65_537);
            table.set(slot, 0, orderId);
            table.set(slot, 2, -orderId);
        }
        for (long orderId = 1; orderId <= 10_000; orderId += 3)
        {
            final int slot = table.find(orderId * 65_537);
            assertEquals(orderId, table.get(slot, 0));
            assertEquals(0, table.get(slot, 1));
            assertEquals(-orderId, table.get(slot, 2));
        }
        assertEquals(-1, table.find(0));
        assertEquals(-1, table.insert(0));
    }

    @Test
    void shouldForgetSettledOrdersOnceTheyLeaveTheWindow()
    {
        final OrderTable table = new OrderTable(1, 16, new SettledWindow(2, Long.MAX_VALUE, 16));
        for (long orderId = 1; orderId <= 4; orderId++)
        {
            table.settle(table.insert(orderId), orderId);
            table.forgetSettled(orderId, null);
        }
        assertEquals(-1, table.find(1));
        assertEquals(-1, table.find(2));
        assertTrue(table.find(3) >= 0 && table.find(4) >= 0);
        assertEquals(2, table.size());
    }

    @Test
    void shouldNeverForgetInAWindowWithoutLimits()
    {
        final OrderTable table = new OrderTable(1, 16, new SettledWindow(Integer.MAX_VALUE, Long.MAX_VALUE, 16));
        for (long orderId = 1; orderId <= 5_000; orderId++)
        {
            table.settle(table.insert(orderId), orderId);
            table.forgetSettled(orderId, null);
        }
        assertEquals(5_000, table.size());
        assertEquals(5_000, table.window().size());
        assertTrue(table.find(1) >= 0 && table.find(5_000) >= 0);
    }

    @Test
    void shouldForgetALargeWindowInBatchesAndAgedOrdersAtOnce()
    {
        final int maxOrders = 4096;
        final int batch = SettledWindow.BATCH;
        final OrderTable table = new OrderTable(2, 16, new SettledWindow(maxOrders, 1_000_000, 16));
        final Arena arena = new Arena(table, 1, 1024);
        long orderId = 0;
        while (orderId < maxOrders + batch - 1)
        {
            orderId++;
            final int slot = table.insert(orderId);
            table.set(slot, 1, put(arena, orderId, 8));
            table.settle(slot, orderId);
            table.forgetSettled(orderId, arena);
        }
        assertTrue(table.find(1) >= 0, "up to batch - 1 more than the count are remembered");
        assertEquals(maxOrders + batch - 1, table.size());

        orderId++;
        table.settle(table.insert(orderId), orderId);
        table.forgetSettled(orderId, arena);
        assertEquals(maxOrders, table.size(), "a whole batch is forgotten at once");
        assertEquals(-1, table.find(batch));
        assertEquals(batch + 1, read(arena, table.get(table.find(batch + 1), 1)));

        // Age: every order settled more than 1 ms (of record time) before the fact is forgotten at once, unbatched.
        table.forgetSettled(batch + 1 + 1_000_001, arena);
        assertEquals(-1, table.find(batch + 1));
        assertTrue(table.find(batch + 2) >= 0);
        assertEquals(maxOrders - 1, table.size());
    }

    @Test
    void shouldReuseTheRingWhenBytesAreFreedInOrder()
    {
        final OrderTable table = table(1, 16);
        final Arena arena = new Arena(table, 0, 1024);
        for (long orderId = 1; orderId <= 100_000; orderId++)
        {
            final int slot = table.insert(orderId);
            table.set(slot, 0, put(arena, orderId, 1 + (int)(orderId % 40)));
            if (orderId > 3)
            {
                final int old = table.find(orderId - 3);
                assertEquals(orderId - 3, read(arena, table.get(old, 0)));
                arena.free(table.get(old, 0));
                table.remove(orderId - 3);
            }
        }
        assertEquals(1024, arena.capacity(), "freed in order, the ring never needs to grow");
        for (long orderId = 99_998; orderId <= 100_000; orderId++)
        {
            assertEquals(orderId, read(arena, table.get(table.find(orderId), 0)));
        }
    }

    @Test
    void shouldCompactBehindALongLivedChunkAndGrowWhenMostIsLive()
    {
        final OrderTable table = table(1, 16);
        final Arena arena = new Arena(table, 0, 1024);
        table.set(table.insert(1), 0, put(arena, 1, 30));
        for (long orderId = 2; orderId <= 20_000; orderId++)
        {
            table.set(table.insert(orderId), 0, put(arena, orderId, 30));
            final int old = table.find(orderId - 1);
            if (orderId - 1 > 1 && orderId % 10 != 0)
            {
                arena.free(table.get(old, 0));
                table.remove(orderId - 1);
            }
        }
        assertEquals(1, read(arena, table.get(table.find(1), 0)), "the long-lived chunk survives compactions");
        for (long orderId = 9; orderId < 20_000; orderId += 10)
        {
            assertEquals(orderId, read(arena, table.get(table.find(orderId), 0)));
        }
        assertTrue(arena.capacity() >= 2 * arena.live(), "half the ring stays free");
        assertTrue(arena.capacity() > 1024, "the live bytes outgrew the first ring");
    }

    @Test
    void shouldRestoreTheRingFromItsSnapshot()
    {
        final OrderTable table = table(1, 16);
        final Arena arena = new Arena(table, 0, 1024);
        long last = 0;
        while (last < 100 || arena.tail() + arena.used() <= arena.capacity())
        {
            last++;
            table.set(table.insert(last), 0, put(arena, last, 20));
            if (last > 20)
            {
                arena.free(table.get(table.find(last - 20), 0));
                table.remove(last - 20);
            }
        }
        final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer();
        final int length = new SnapshotCodec.Writer().wrap(bytes).putTable(table).putArena(arena).length();

        final OrderTable loadedTable = table(1, 16);
        final Arena loaded = new Arena(loadedTable, 0, 1024);
        final SnapshotCodec.Reader reader = new SnapshotCodec.Reader().wrap(bytes, 0, length);
        reader.getTable(loadedTable);
        reader.getArena(loaded);
        reader.end();
        for (long orderId = last - 19; orderId <= last; orderId++)
        {
            assertEquals(orderId, read(loaded, loadedTable.get(loadedTable.find(orderId), 0)));
        }
        assertEquals(arena.tail(), loaded.tail());
        assertEquals(arena.used(), loaded.used());
        final long ref = put(loaded, last + 1, 20);
        assertEquals(last + 1, read(loaded, ref), "the loaded ring goes on allocating where it stopped");
    }

    private static long put(final Arena arena, final long value, final int bytes)
    {
        final long ref = arena.allocate(Math.max(Long.BYTES, bytes));
        arena.buffer().putLong(Arena.offset(ref), value);
        return ref;
    }

    private static long read(final Arena arena, final long ref)
    {
        return arena.readBuffer().getLong(Arena.offset(ref));
    }
}
