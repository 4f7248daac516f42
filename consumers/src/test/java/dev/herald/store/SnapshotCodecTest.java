package dev.herald.store;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SnapshotCodecTest
{
    private static final long[] EDGES = {
        0, 1, -1, 63, 64, -64, -65, 127, 128, 8191, 8192, Integer.MAX_VALUE, Integer.MIN_VALUE,
        1L << 62, (1L << 62) | 5, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1 };

    @Test
    void shouldReadBackEveryNumberItWrote()
    {
        final Random random = new Random(11);
        final long[] values = new long[EDGES.length + 10_000];
        System.arraycopy(EDGES, 0, values, 0, EDGES.length);
        for (int i = EDGES.length; i < values.length; i++)
        {
            // every magnitude, not only the huge ones a uniform long would give
            values[i] = random.nextLong() >> random.nextInt(64);
        }
        final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer(16);
        final SnapshotCodec.Writer writer = new SnapshotCodec.Writer().wrap(bytes);
        for (final long value : values)
        {
            writer.putLong(value).putUnsigned(value);
        }
        final SnapshotCodec.Reader reader = new SnapshotCodec.Reader().wrap(bytes, 0, writer.length());
        for (final long value : values)
        {
            assertEquals(value, reader.getLong());
            assertEquals(value, reader.getUnsigned());
        }
        reader.end();
    }

    @Test
    void shouldWriteSmallNumbersInOneByteAndNoneInMoreThanTen()
    {
        assertEquals(1, lengthOf(0));
        assertEquals(1, lengthOf(63));
        assertEquals(1, lengthOf(-64));
        assertEquals(2, lengthOf(64));
        assertEquals(SnapshotCodec.MAX_NUMBER_LENGTH, lengthOf(Long.MAX_VALUE));
        assertEquals(SnapshotCodec.MAX_NUMBER_LENGTH, lengthOf(Long.MIN_VALUE));
    }

    @Test
    void shouldRestoreATableWithItsSettledOrdersAndWindow()
    {
        final OrderTable table = table();
        final Random random = new Random(3);
        for (long orderId = 1; orderId <= 5_000; orderId++)
        {
            final int slot = table.insert(orderId * 3 + (orderId % 7 == 0 ? 1L << 40 : 0));
            table.set(slot, OrderTable.STATE, random.nextInt(64) | (random.nextBoolean() ? 1L << 63 : 0));
            table.set(slot, 1, random.nextLong());
            table.set(slot, 2, -random.nextInt(1000));
            if (orderId % 3 == 0)
            {
                table.settle(slot, 1_700_000_000_000_000_000L + orderId * 1_000 - (orderId % 5) * 7_000);
            }
        }
        table.remove(3 * 10);

        final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer(64);
        final int length = new SnapshotCodec.Writer().wrap(bytes).putTable(table).length();
        final OrderTable loaded = table();
        final SnapshotCodec.Reader reader = new SnapshotCodec.Reader().wrap(bytes, 0, length);
        reader.getTable(loaded);
        reader.end();

        assertEquals(table.size(), loaded.size());
        assertEquals(table.digest(-1L), loaded.digest(-1L), "ids and every field, the SETTLED bit included");
        assertEquals(table.window().size(), loaded.window().size());
        for (int i = 0; i < table.window().size(); i++)
        {
            assertEquals(table.window().orderIdAt(i), loaded.window().orderIdAt(i));
            assertEquals(table.window().settledAtAt(i), loaded.window().settledAtAt(i));
        }
    }

    @Test
    void shouldTakeUnderHalfTheBytesOfFixedFieldsForAStoreLikeTable()
    {
        final OrderTable table = table();
        long sequence = 5_000_000;
        for (long orderId = 1_000_000; orderId < 1_020_000; orderId++)
        {
            final int slot = table.insert(orderId);
            table.set(slot, OrderTable.STATE, 2 | 1 << 8 | 978L << 16);
            table.set(slot, 1, 40_000 + orderId % 9_000);
            table.set(slot, 2, 1_999 + orderId % 50_000);
            sequence += 7;
            table.settle(slot, 1_764_000_000_000_000_000L + sequence * 3_000);
        }
        final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer(64);
        final int length = new SnapshotCodec.Writer().wrap(bytes).putTable(table).length();
        final int fixed = table.size() * (1 + table.width()) * Long.BYTES + table.window().size() * 2 * Long.BYTES;
        assertTrue(length * 2 < fixed, length + " bytes against " + fixed + " in fixed eight-byte fields");
    }

    @Test
    void shouldStillReadTheFixedWidthLayoutOfVersionTwo()
    {
        // version 2: size, width, then id and every field as eight bytes; the window's ids and timestamps as they are
        final long settledState = 2 | OrderTable.SETTLED;
        final long[] image = { 2, 3, 77, settledState, -5, 1L << 40, 12, 1, 0, 0, 1, 77, 1_764_000_000_000_000_000L };
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[image.length * Long.BYTES]);
        for (int i = 0; i < image.length; i++)
        {
            bytes.putLong(i * Long.BYTES, image[i], java.nio.ByteOrder.LITTLE_ENDIAN);
        }
        final OrderTable loaded = table();
        final SnapshotCodec.Reader reader = new SnapshotCodec.Reader()
            .wrap(bytes, 0, (int)bytes.capacity(), SnapshotCodec.FIXED_WIDTH_VERSION);
        reader.getTable(loaded);
        reader.end();

        final OrderTable expected = table();
        final int first = expected.insert(77);
        expected.set(first, OrderTable.STATE, settledState);
        expected.set(first, 1, -5);
        expected.set(first, 2, 1L << 40);
        expected.set(expected.insert(12), OrderTable.STATE, 1);
        assertEquals(expected.digest(-1L), loaded.digest(-1L));
        assertEquals(1, loaded.window().size());
        assertEquals(77, loaded.window().orderIdAt(0));
        assertEquals(1_764_000_000_000_000_000L, loaded.window().settledAtAt(0));
    }

    @Test
    void shouldRefuseAStateVersionItDoesNotRead()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new SnapshotCodec.Reader().wrap(new UnsafeBuffer(new byte[8]), 0, 8, 1));
        assertEquals("snapshot state version 1 is not one the store reads", ex.getMessage());
    }

    @Test
    void shouldRefuseANumberCutShortOrLongerThanTenBytes()
    {
        final UnsafeBuffer cut = new UnsafeBuffer(new byte[]{ (byte)0x80, (byte)0x80 });
        final IllegalStateException shortEx = assertThrows(IllegalStateException.class,
            () -> new SnapshotCodec.Reader().wrap(cut, 0, 2).getLong());
        assertEquals("snapshot state ends inside the number at byte 0", shortEx.getMessage());

        final byte[] tooLong = new byte[12];
        java.util.Arrays.fill(tooLong, (byte)0xFF);
        final UnsafeBuffer longBuffer = new UnsafeBuffer(tooLong);
        final IllegalStateException longEx = assertThrows(IllegalStateException.class,
            () -> new SnapshotCodec.Reader().wrap(longBuffer, 0, tooLong.length).getLong());
        assertEquals("snapshot number at byte 0 runs past 10 bytes", longEx.getMessage());
    }

    @Test
    void shouldRefuseATableWhoseOrderIdsAreNotPositive()
    {
        final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer(64);
        // size 1, width 3, then an order id delta of -5 from 0
        final int length = new SnapshotCodec.Writer().wrap(bytes).putLong(1).putLong(3).putLong(-5).putUnsigned(0)
            .putLong(0).putLong(0).putLong(0).length();
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> new SnapshotCodec.Reader().wrap(bytes, 0, length).getTable(table()));
        assertEquals("snapshot table holds order id -5, not positive", ex.getMessage());
    }

    private static OrderTable table()
    {
        return new OrderTable(3, 16, new SettledWindow(Integer.MAX_VALUE, Long.MAX_VALUE, 16));
    }

    private static int lengthOf(final long value)
    {
        return new SnapshotCodec.Writer().wrap(new ExpandableArrayBuffer(16)).putLong(value).length();
    }
}
