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
 * {@link Reader}.
 *
 * <p>Every number is a variable-length integer: zigzag (so that small negatives stay small), then seven bits a
 * byte, least significant first, the top bit set on every byte but the last; one byte for -64 to 63, ten at most.
 * A snapshot holds each live order and each settled one still in the window, and most of its fields are small
 * numbers, so this takes about a quarter of the bytes of eight-byte fields: on a store's default window, about 40 MB
 * less per round of seven stages (docs/benchmarks.md, section 7).
 * <pre>
 *   table   size, width, then per order:
 *             order id - the previous entry's order id (0 before the first)
 *             field 0, the state, rotated left by two bits and not zigzagged, so that the table's SETTLED
 *               bit (62) lands in bit 0 instead of making every settled state ten bytes
 *             fields 1 .. width-1
 *           window: size, then per settled order, oldest first:
 *             order id - the previous one's, settled-at timestamp - the previous one's
 *   arena   capacity, tail, used, live, then its used bytes from the tail, raw (the table's references point
 *           into them)
 *   map     size, then key, value per entry
 *   set     size, then each value
 *   histogram  encoded length, then HdrHistogram's own encoding, raw
 * </pre>
 *
 * <p>The layout before ({@link #FIXED_WIDTH_VERSION}: every number eight bytes little-endian, ids, states and
 * timestamps as they are, in the same order) is still read, so that a store upgraded from it starts from its
 * snapshots rather than replaying, or failing to replay, a journal retained from them.
 *
 * <p>Threading: one per snapshot, on the thread that takes or loads it.
 */
final class SnapshotCodec
{
    /** The version of this layout, as the reactions report it. */
    static final int VERSION = 3;
    /**
     * The layout before, still read: every number eight bytes little-endian, order ids, states and timestamps as
     * they are.
     */
    static final int FIXED_WIDTH_VERSION = 2;
    /** Bytes of the longest number. */
    static final int MAX_NUMBER_LENGTH = 10;

    /** Field 0 is written rotated left by this, so that the table's SETTLED bit (62) comes to bit 0. */
    private static final int STATE_ROTATION = 2;

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

        /** A number, zigzag first: small negatives take as few bytes as small positives. */
        Writer putLong(final long value)
        {
            return putUnsigned((value << 1) ^ (value >> 63));
        }

        /** A number read as unsigned: seven bits a byte, least significant first. */
        Writer putUnsigned(final long value)
        {
            long rest = value;
            while ((rest & ~0x7FL) != 0)
            {
                buffer.putByte(offset++, (byte)(rest | 0x80));
                rest >>>= 7;
            }
            buffer.putByte(offset++, (byte)rest);
            return this;
        }

        Writer putTable(final OrderTable table)
        {
            putLong(table.size()).putLong(table.width());
            long previousId = 0;
            for (int slot = 0, n = table.capacity(); slot < n; slot++)
            {
                final long orderId = table.orderIdAt(slot);
                if (orderId != 0)
                {
                    putLong(orderId - previousId);
                    previousId = orderId;
                    putUnsigned(Long.rotateLeft(table.get(slot, OrderTable.STATE), STATE_ROTATION));
                    for (int field = 1; field < table.width(); field++)
                    {
                        putLong(table.get(slot, field));
                    }
                }
            }
            final SettledWindow window = table.window();
            putLong(window.size());
            long previousSettledId = 0;
            long previousSettledAt = 0;
            for (int i = 0; i < window.size(); i++)
            {
                putLong(window.orderIdAt(i) - previousSettledId).putLong(window.settledAtAt(i) - previousSettledAt);
                previousSettledId = window.orderIdAt(i);
                previousSettledAt = window.settledAtAt(i);
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
        private boolean fixedWidth;

        Reader wrap(final DirectBuffer buffer, final int offset, final int length)
        {
            return wrap(buffer, offset, length, VERSION);
        }

        /** @param version {@link #VERSION} or {@link #FIXED_WIDTH_VERSION}. */
        Reader wrap(final DirectBuffer buffer, final int offset, final int length, final int version)
        {
            if (version != VERSION && version != FIXED_WIDTH_VERSION)
            {
                throw new IllegalArgumentException("snapshot state version " + version + " is not one the store reads");
            }
            this.buffer = buffer;
            this.offset = offset;
            this.end = offset + length;
            this.fixedWidth = version == FIXED_WIDTH_VERSION;
            return this;
        }

        /** @return a number {@link Writer#putLong} wrote. */
        long getLong()
        {
            if (fixedWidth)
            {
                return getFixedWidth();
            }
            final long zigzag = getUnsigned();
            return (zigzag >>> 1) ^ -(zigzag & 1);
        }

        /** @return a number {@link Writer#putUnsigned} wrote. */
        long getUnsigned()
        {
            if (fixedWidth)
            {
                return getFixedWidth();
            }
            final int start = offset;
            long value = 0;
            for (int shift = 0; shift < 7 * MAX_NUMBER_LENGTH; shift += 7)
            {
                if (offset >= end)
                {
                    throw new IllegalStateException("snapshot state ends inside the number at byte " + start);
                }
                final byte b = buffer.getByte(offset++);
                value |= (long)(b & 0x7F) << shift;
                if (b >= 0)
                {
                    return value;
                }
            }
            throw new IllegalStateException(
                "snapshot number at byte " + start + " runs past " + MAX_NUMBER_LENGTH + " bytes");
        }

        private long getFixedWidth()
        {
            if (offset + Long.BYTES > end)
            {
                throw new IllegalStateException("snapshot state ends inside the number at byte " + offset);
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
            long orderId = 0;
            for (int i = 0; i < size; i++)
            {
                orderId = fixedWidth ? getLong() : orderId + getLong();
                if (orderId <= 0)
                {
                    throw new IllegalStateException("snapshot table holds order id " + orderId + ", not positive");
                }
                final int slot = table.insert(orderId);
                table.set(slot, OrderTable.STATE,
                    fixedWidth ? getLong() : Long.rotateRight(getUnsigned(), STATE_ROTATION));
                for (int field = 1; field < width; field++)
                {
                    table.set(slot, field, getLong());
                }
            }
            final int settled = getCount();
            long settledId = 0;
            long settledAt = 0;
            for (int i = 0; i < settled; i++)
            {
                settledId = fixedWidth ? getLong() : settledId + getLong();
                settledAt = fixedWidth ? getLong() : settledAt + getLong();
                table.window().add(settledId, settledAt);
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
