package dev.herald.store;

import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongCounterMap;
import org.agrona.collections.LongHashSet;

import java.nio.ByteBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The bytes of a reaction's snapshot ({@link dev.herald.engine.SnapshottingHandler}): its tables, window, arenas,
 * maps and counters, each written in a fixed order by {@link Writer} and read back in the same order by
 * {@link Reader}, little-endian. A table is its size and then each order's id and fields; a window its orders
 * oldest first; an arena its capacity, tail, used and live byte counts and then its used bytes from the tail (the table's references point into them); a map its size and
 * entries.
 *
 * <p>Threading: one per snapshot, on the thread that takes or loads it.
 */
final class SnapshotCodec
{
    /** The version of this layout, as the reactions report it. */
    static final int VERSION = 2;

    private SnapshotCodec()
    {
    }

    static final class Writer
    {
        private MutableDirectBuffer buffer;
        private int offset;

        Writer wrap(final MutableDirectBuffer buffer)
        {
            this.buffer = buffer;
            this.offset = 0;
            return this;
        }

        int length()
        {
            return offset;
        }

        Writer putLong(final long value)
        {
            buffer.putLong(offset, value, LITTLE_ENDIAN);
            offset += Long.BYTES;
            return this;
        }

        Writer putTable(final OrderTable table)
        {
            putLong(table.size()).putLong(table.width());
            for (int slot = 0, n = table.capacity(); slot < n; slot++)
            {
                final long orderId = table.orderIdAt(slot);
                if (orderId != 0)
                {
                    putLong(orderId);
                    for (int field = 0; field < table.width(); field++)
                    {
                        putLong(table.get(slot, field));
                    }
                }
            }
            final SettledWindow window = table.window();
            putLong(window.size());
            for (int i = 0; i < window.size(); i++)
            {
                putLong(window.orderIdAt(i)).putLong(window.settledAtAt(i));
            }
            return this;
        }

        Writer putArena(final Arena arena)
        {
            putLong(arena.capacity()).putLong(arena.tail()).putLong(arena.used()).putLong(arena.live());
            arena.copyUsedTo(buffer, offset);
            offset += arena.used();
            return this;
        }

        Writer putCounters(final Long2LongCounterMap map)
        {
            putLong(map.size());
            map.forEach((key, value) ->
            {
                putLong(key);
                putLong(value);
            });
            return this;
        }

        Writer putSet(final LongHashSet set)
        {
            putLong(set.size());
            final LongHashSet.LongIterator it = set.iterator();
            while (it.hasNext())
            {
                putLong(it.nextValue());
            }
            return this;
        }

        Writer putHistogram(final Histogram histogram)
        {
            final ByteBuffer encoded = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
            final int length = histogram.encodeIntoByteBuffer(encoded);
            putLong(length);
            buffer.putBytes(offset, encoded.array(), 0, length);
            offset += length;
            return this;
        }
    }

    static final class Reader
    {
        private DirectBuffer buffer;
        private int offset;
        private int end;

        Reader wrap(final DirectBuffer buffer, final int offset, final int length)
        {
            this.buffer = buffer;
            this.offset = offset;
            this.end = offset + length;
            return this;
        }

        long getLong()
        {
            if (offset + Long.BYTES > end)
            {
                throw new IllegalStateException("snapshot state ends at byte " + (offset - end) + " short");
            }
            final long value = buffer.getLong(offset, LITTLE_ENDIAN);
            offset += Long.BYTES;
            return value;
        }

        int getCount()
        {
            final long count = getLong();
            if (count < 0 || count > (end - offset))
            {
                throw new IllegalStateException("snapshot count " + count + " exceeds the bytes left");
            }
            return (int)count;
        }

        void getTable(final OrderTable table)
        {
            final int size = getCount();
            final long width = getLong();
            if (width != table.width())
            {
                throw new IllegalStateException("snapshot table of width " + width + ", expected " + table.width());
            }
            for (int i = 0; i < size; i++)
            {
                final int slot = table.insert(getLong());
                for (int field = 0; field < width; field++)
                {
                    table.set(slot, field, getLong());
                }
            }
            final int settled = getCount();
            for (int i = 0; i < settled; i++)
            {
                table.window().add(getLong(), getLong());
            }
        }

        void getArena(final Arena arena)
        {
            final long capacity = getLong();
            final long tail = getLong();
            final int used = getCount();
            final long live = getLong();
            if (capacity > Integer.MAX_VALUE || tail > Integer.MAX_VALUE || live > Integer.MAX_VALUE)
            {
                throw new IllegalStateException("snapshot arena of capacity " + capacity + " is too large");
            }
            arena.load((int)capacity, (int)tail, used, (int)live, buffer, offset);
            offset += used;
        }

        void getCounters(final Long2LongCounterMap map)
        {
            map.clear();
            for (int i = 0, size = getCount(); i < size; i++)
            {
                final long key = getLong();
                map.put(key, getLong());
            }
        }

        void getSet(final LongHashSet set)
        {
            set.clear();
            for (int i = 0, size = getCount(); i < size; i++)
            {
                set.add(getLong());
            }
        }

        void getHistogram(final Histogram histogram)
        {
            final int length = getCount();
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            offset += length;
            histogram.reset();
            histogram.add(Histogram.decodeFromByteBuffer(ByteBuffer.wrap(bytes), 0));
        }

        /** The whole state was read: nothing may be left over. */
        void end()
        {
            if (offset != end)
            {
                throw new IllegalStateException("snapshot state has " + (end - offset) + " bytes left over");
            }
        }
    }
}
