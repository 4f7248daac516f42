package dev.herald.store;

import org.agrona.collections.Hashing;

import java.util.Arrays;

/**
 * A reaction's per-order state: one packed record of {@code width} longs per order, keyed by order id, in one
 * open-addressing table (linear probing, backward-shift removal), so an order's state is one cache line or two
 * instead of one entry in each of several maps. Fields start at 0. Order id 0 is never stored: order ids are
 * positive ({@link OrderRequest#orderId(long)}), and a fact naming 0 finds nothing.
 *
 * <p>Field 0 is the order's state; its bit {@link #SETTLED} belongs to the table: {@link #settle} sets it when the
 * reaction is done with the order, which then stays for the {@link SettledWindow} and is forgotten by
 * {@link #forgetSettled}, so the table holds the live orders and the window, however long the stream.
 *
 * <p>A slot index is valid until the next {@link #insert} or {@link #remove}. Threading: the owning stage's thread.
 */
final class OrderTable
{
    /** Bit of field 0: the reaction is done with the order; it waits in the window to be forgotten. */
    static final long SETTLED = 1L << 62;
    static final int STATE = 0;

    private static final long EMPTY = 0;
    private static final float LOAD_FACTOR = 0.6f;

    private final int width;
    private final SettledWindow window;
    private long[] keys;
    private long[] fields;
    private int mask;
    private int size;
    private int resizeAt;

    /**
     * @param width          longs per order.
     * @param expectedOrders orders held at once, for pre-sizing.
     * @param window         how long settled orders are remembered.
     */
    OrderTable(final int width, final int expectedOrders, final SettledWindow window)
    {
        this.width = width;
        this.window = window;
        allocate(capacityFor(Math.max(16, expectedOrders)));
    }

    /** @return the slot of an order, or -1 when it is not held. */
    int find(final long orderId)
    {
        if (orderId == EMPTY)
        {
            return -1;
        }
        for (int slot = Hashing.hash(orderId, mask); ; slot = (slot + 1) & mask)
        {
            final long key = keys[slot];
            if (key == orderId)
            {
                return slot;
            }
            if (key == EMPTY)
            {
                return -1;
            }
        }
    }

    /**
     * @return the slot of an order, inserted with every field 0 when it was not held; -1 for order id 0.
     */
    int insert(final long orderId)
    {
        if (orderId == EMPTY)
        {
            return -1;
        }
        int slot = Hashing.hash(orderId, mask);
        for (; keys[slot] != EMPTY; slot = (slot + 1) & mask)
        {
            if (keys[slot] == orderId)
            {
                return slot;
            }
        }
        if (size + 1 > resizeAt)
        {
            grow();
            return insert(orderId);
        }
        keys[slot] = orderId;
        size++;
        return slot;
    }

    /** Forget an order; does nothing when it is not held. */
    void remove(final long orderId)
    {
        int hole = find(orderId);
        if (hole < 0)
        {
            return;
        }
        size--;
        // Backward shift: move later entries of the probe run into the hole so no tombstone is left.
        for (int slot = (hole + 1) & mask; keys[slot] != EMPTY; slot = (slot + 1) & mask)
        {
            final int home = Hashing.hash(keys[slot], mask);
            if (((slot - home) & mask) >= ((slot - hole) & mask))
            {
                keys[hole] = keys[slot];
                System.arraycopy(fields, slot * width, fields, hole * width, width);
                hole = slot;
            }
        }
        keys[hole] = EMPTY;
        Arrays.fill(fields, hole * width, hole * width + width, 0L);
    }

    /**
     * The reaction is done with the order in this slot: remember it for the window, then forget it. Settling twice
     * does nothing.
     *
     * @param timestamp of the fact that settled it.
     */
    void settle(final int slot, final long timestamp)
    {
        final long state = fields[slot * width];
        if ((state & SETTLED) == 0)
        {
            fields[slot * width] = state | SETTLED;
            window.add(keys[slot], timestamp);
        }
    }

    /**
     * Forget the settled orders that have left the window.
     *
     * @param now      the timestamp of the fact being handled.
     * @param arena    whose bytes a forgotten order referenced, or null.
     * @param refField the field that holds the order's arena reference.
     */
    void forgetSettled(final long now, final Arena arena, final int refField)
    {
        long orderId;
        while ((orderId = window.pollExpired(now)) != 0)
        {
            final int slot = find(orderId);
            if (slot >= 0 && (fields[slot * width] & SETTLED) != 0)
            {
                if (arena != null)
                {
                    arena.free(fields[slot * width + refField]);
                }
                remove(orderId);
            }
        }
        if (arena != null)
        {
            arena.compactIfWorthwhile(this, refField);
        }
    }

    long get(final int slot, final int field)
    {
        return fields[slot * width + field];
    }

    void set(final int slot, final int field, final long value)
    {
        fields[slot * width + field] = value;
    }

    /** @return longs per order. */
    int width()
    {
        return width;
    }

    /** @return the window of the orders settled. */
    SettledWindow window()
    {
        return window;
    }

    /** @return orders held. */
    int size()
    {
        return size;
    }

    /** @return slots, for iteration with {@link #orderIdAt(int)}. */
    int capacity()
    {
        return keys.length;
    }

    /** @return the order id held in a slot, 0 when the slot is free. */
    long orderIdAt(final int slot)
    {
        return keys[slot];
    }

    /**
     * A digest of the orders held and the given fields, independent of insertion order and capacity.
     *
     * @param fieldMask bit i set to include field i (fields that hold positions in an arena are left out).
     */
    long digest(final long fieldMask)
    {
        long sum = Digests.mix(size);
        for (int slot = 0; slot < keys.length; slot++)
        {
            if (keys[slot] != EMPTY)
            {
                long value = 0;
                for (int field = 0; field < width; field++)
                {
                    if ((fieldMask & (1L << field)) != 0)
                    {
                        value = value * 0x9E3779B97F4A7C15L + fields[slot * width + field];
                    }
                }
                sum += Digests.entry(keys[slot], value);
            }
        }
        return sum;
    }

    private void grow()
    {
        final long[] oldKeys = keys;
        final long[] oldFields = fields;
        allocate(oldKeys.length * 2);
        for (int old = 0; old < oldKeys.length; old++)
        {
            final long key = oldKeys[old];
            if (key != EMPTY)
            {
                int slot = Hashing.hash(key, mask);
                while (keys[slot] != EMPTY)
                {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = key;
                System.arraycopy(oldFields, old * width, fields, slot * width, width);
            }
        }
    }

    private void allocate(final int capacity)
    {
        keys = new long[capacity];
        fields = new long[capacity * width];
        mask = capacity - 1;
        resizeAt = (int)(capacity * LOAD_FACTOR);
    }

    private static int capacityFor(final int orders)
    {
        return Integer.highestOneBit((int)Math.min(1 << 30, (long)(orders / LOAD_FACTOR) + 1) * 2 - 1);
    }
}
