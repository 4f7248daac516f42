package dev.herald.store;

import java.util.Arrays;

/**
 * A reaction's per-order state: one packed record of {@code width} longs per order, keyed by order id, in one
 * open-addressing table, the key beside its fields in one array, so an order's state is one cache line or two
 * instead of one entry in each of several maps. Fields start at 0. Order id 0 is never stored: order ids are
 * positive ({@link OrderRequest#orderId(long)}), and a fact naming 0 finds nothing.
 *
 * <p>Where an order lands is chosen for the cache: its home slot is its id with the higher bits folded in by
 * exclusive or, so the ids of an aligned block of 2^k (k up to 16) fill an aligned block of 2^k slots. Orders placed
 * one after another (ascending ids, as a store issues them) therefore share cache lines, and the live orders plus
 * the window are a few contiguous stretches of memory rather than a random scatter over the whole table; the
 * folding keeps strided ids apart. Ascending ids make long runs of occupied slots, so the table probes
 * Robin Hood style (an entry never sits further from home than the one it passed): a lookup for an absent id, and
 * a removal's backward shift, stop at the first entry nearer its home than the probe, which in such a run is the
 * next one, instead of walking the run to its end.
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
    /** New orders whose slots {@link #touchAhead} touches at once, a power of two. */
    private static final int AHEAD = 64;

    private final int width;
    /** Longs per slot: the key, then the fields. */
    private final int stride;
    private final SettledWindow window;
    /** An entry carried along while inserting: a key and its fields. */
    private final long[] carried;
    private long[] slots;
    private int mask;
    private int size;
    private int resizeAt;
    /** Written by {@link #forgetSettled} and {@link #touchAhead} so that their loads stay; never read. */
    private long touchedKeys;
    private long newestInserted;

    /**
     * @param width          longs per order.
     * @param expectedOrders orders held at once, for pre-sizing.
     * @param window         how long settled orders are remembered.
     */
    OrderTable(final int width, final int expectedOrders, final SettledWindow window)
    {
        this.width = width;
        this.stride = width + 1;
        this.window = window;
        this.carried = new long[stride];
        allocate(capacityFor(Math.max(16, expectedOrders)));
    }

    /** @return the slot of an order, or -1 when it is not held. */
    int find(final long orderId)
    {
        if (orderId == EMPTY)
        {
            return -1;
        }
        final long[] slots = this.slots;
        final int mask = this.mask;
        int slot = home(orderId, mask);
        for (int distance = 0; ; distance++)
        {
            final long key = slots[slot * stride];
            if (key == orderId)
            {
                return slot;
            }
            if (key == EMPTY || ((slot - home(key, mask)) & mask) < distance)
            {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
    }

    /**
     * @return the slot of an order, inserted with every field 0 when it was not held; -1 for order id 0.
     */
    int insert(final long orderId)
    {
        if (orderId > newestInserted)
        {
            if ((orderId ^ newestInserted) >= AHEAD)
            {
                touchAhead(orderId);
            }
            newestInserted = orderId;
        }
        final int held = find(orderId);
        if (held >= 0 || orderId == EMPTY)
        {
            return held;
        }
        if (size + 1 > resizeAt)
        {
            allocate(slots.length / stride * 2);
        }
        size++;
        carried[0] = orderId;
        Arrays.fill(carried, 1, stride, 0L);
        return place(true);
    }

    /**
     * Order ids mostly ascend, so the next block of {@link #AHEAD} new orders will land in the aligned block of
     * slots that follows (see the class comment), whose lines were last touched a whole table ago and are not in the
     * cache. Touching them all now, one load each and none depending on another, lets the processor fetch them
     * together, while each insert alone would wait for its own miss. Ids that do not ascend only waste the loads.
     */
    private void touchAhead(final long orderId)
    {
        final long next = (orderId | (AHEAD - 1)) + 1;
        long touched = 0;
        for (long id = next; id < next + AHEAD; id++)
        {
            touched += slots[home(id, mask) * stride];
        }
        touchedKeys = touched;
    }

    /**
     * Robin Hood placement of {@link #carried}; returns the slot where the carried entry came to rest.
     *
     * @param fresh the carried entry is a new order, its fields all 0.
     */
    private int place(final boolean fresh)
    {
        final long[] slots = this.slots;
        final int mask = this.mask;
        int slot = home(carried[0], mask);
        int placedAt = -1;
        for (int distance = 0; ; distance++, slot = (slot + 1) & mask)
        {
            final int base = slot * stride;
            final long key = slots[base];
            if (key == EMPTY)
            {
                if (fresh && placedAt < 0)
                {
                    // A free slot is all zeros (remove clears it), so a new order's record is just its key.
                    slots[base] = carried[0];
                    return slot;
                }
                System.arraycopy(carried, 0, slots, base, stride);
                return placedAt < 0 ? slot : placedAt;
            }
            final int residentDistance = (slot - home(key, mask)) & mask;
            if (residentDistance < distance)
            {
                for (int i = 0; i < stride; i++)
                {
                    final long resident = slots[base + i];
                    slots[base + i] = carried[i];
                    carried[i] = resident;
                }
                if (placedAt < 0)
                {
                    placedAt = slot;
                }
                distance = residentDistance;
            }
        }
    }

    /** Forget an order; does nothing when it is not held. */
    void remove(final long orderId)
    {
        final int slot = find(orderId);
        if (slot >= 0)
        {
            removeAt(slot);
        }
    }

    /** Forget the order in a slot found by {@link #find}. */
    private void removeAt(final int slot)
    {
        size--;
        final long[] slots = this.slots;
        final int mask = this.mask;
        int hole = slot;
        // Backward shift: pull the rest of the run one slot nearer home, up to an entry already at home.
        for (int next = (hole + 1) & mask; ; next = (next + 1) & mask)
        {
            final long key = slots[next * stride];
            if (key == EMPTY || home(key, mask) == next)
            {
                break;
            }
            System.arraycopy(slots, next * stride, slots, hole * stride, stride);
            hole = next;
        }
        Arrays.fill(slots, hole * stride, hole * stride + stride, 0L);
    }

    /**
     * The reaction is done with the order in this slot: remember it for the window, then forget it. Settling twice
     * does nothing.
     *
     * @param timestamp of the fact that settled it.
     */
    void settle(final int slot, final long timestamp)
    {
        final int base = slot * stride;
        final long state = slots[base + 1];
        if ((state & SETTLED) == 0)
        {
            slots[base + 1] = state | SETTLED;
            window.add(slots[base], timestamp);
        }
    }

    /**
     * Forget the settled orders that have left the window, freeing their bytes in the arena, if any.
     *
     * @param now   the timestamp of the fact being handled.
     * @param arena whose bytes a forgotten order referenced, or null.
     */
    void forgetSettled(final long now, final Arena arena)
    {
        final int expired = window.expired(now);
        if (expired == 0)
        {
            return;
        }
        // Each forgotten record is a cache miss (it was last touched a window ago). These loads do not depend on one
        // another, so the processor overlaps their misses; the removals below then find the lines in the cache.
        long touched = 0;
        for (int i = 0; i < expired; i++)
        {
            touched += slots[home(window.orderIdAt(i), mask) * stride];
        }
        touchedKeys = touched;
        for (int i = 0; i < expired; i++)
        {
            final int slot = find(window.orderIdAt(i));
            if (slot >= 0 && (get(slot, STATE) & SETTLED) != 0)
            {
                if (arena != null)
                {
                    arena.free(get(slot, arena.refField()));
                }
                removeAt(slot);
            }
        }
        window.drop(expired);
    }

    long get(final int slot, final int field)
    {
        return slots[slot * stride + 1 + field];
    }

    void set(final int slot, final int field, final long value)
    {
        slots[slot * stride + 1 + field] = value;
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
        return slots.length / stride;
    }

    /** @return the order id held in a slot, 0 when the slot is free. */
    long orderIdAt(final int slot)
    {
        return slots[slot * stride];
    }

    /**
     * A digest of the orders held and the given fields, independent of insertion order and capacity.
     *
     * @param fieldMask bit i set to include field i (fields that hold positions in an arena are left out).
     */
    long digest(final long fieldMask)
    {
        long sum = Digests.mix(size);
        for (int base = 0; base < slots.length; base += stride)
        {
            if (slots[base] != EMPTY)
            {
                long value = 0;
                for (int field = 0; field < width; field++)
                {
                    if ((fieldMask & (1L << field)) != 0)
                    {
                        value = value * 0x9E3779B97F4A7C15L + slots[base + 1 + field];
                    }
                }
                sum += Digests.entry(slots[base], value);
            }
        }
        return sum;
    }

    /** The home slot of an order id: its low bits, with the higher bits folded in (see the class comment). */
    static int home(final long orderId, final int mask)
    {
        return (int)(orderId ^ (orderId >>> 16) ^ (orderId >>> 32) ^ (orderId >>> 48)) & mask;
    }

    /** (Re)allocates with the given capacity, placing again every entry held. */
    private void allocate(final int capacity)
    {
        final long[] old = slots;
        slots = new long[capacity * stride];
        mask = capacity - 1;
        resizeAt = (int)(capacity * LOAD_FACTOR);
        if (old != null)
        {
            for (int base = 0; base < old.length; base += stride)
            {
                if (old[base] != EMPTY)
                {
                    System.arraycopy(old, base, carried, 0, stride);
                    place(false);
                }
            }
        }
    }

    private static int capacityFor(final int orders)
    {
        return Integer.highestOneBit((int)Math.min(1 << 30, (long)(orders / LOAD_FACTOR) + 1) * 2 - 1);
    }
}
