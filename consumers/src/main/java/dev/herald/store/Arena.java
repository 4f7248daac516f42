package dev.herald.store;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Variable-length per-order bytes (an order's reserved lines, its contact address) kept beside an
 * {@link OrderTable}, one field of which holds each order's reference to them.
 *
 * <p>The bytes lie in a ring, in the order they were allocated, each chunk behind a 4-byte header (its length,
 * and a bit once freed). Orders are done with in roughly the order they came, so the oldest chunk is usually the
 * next freed: the tail moves past freed chunks and the space is used again, at no cost per order. Only when an
 * order holds its bytes much longer than those after it (a receipt retried through a mail outage) does the ring
 * fill with freed chunks behind the live one; then it is compacted, once per half a ring of allocations at most,
 * by copying every live chunk into a second buffer in the table's order and rewriting the references, and it
 * doubles when more than half of it is live. So an endless stream keeps the arena as large as the bytes of the
 * orders held, and steady state allocates nothing.
 *
 * <pre>
 *   chunk:  0        4                         4 + length, rounded up to 4
 *           +--------+-------------------------+
 *           | header |  bytes                  |   header = length | FREED (bit 31)
 *           +--------+-------------------------+
 * </pre>
 *
 * <p>A reference packs the bytes' offset + 1 and their length; 0 means none. Threading: the owning stage's thread.
 */
final class Arena
{
    static final int HEADER_LENGTH = Integer.BYTES;
    private static final int FREED = 1 << 31;
    private static final int ALIGNMENT = 4;

    private final OrderTable table;
    private final int refField;
    private UnsafeBuffer buffer;
    /** Compaction copies into this one and swaps, so it allocates only the first time and while the arena grows. */
    private UnsafeBuffer spare;
    /** Where the oldest chunk starts. */
    private int tail;
    /** Bytes from the tail to where the next chunk goes, wrapping at the capacity, freed chunks and padding included. */
    private int used;
    /** Bytes of the live chunks, headers included. */
    private int live;

    /**
     * @param table           whose {@code refField} holds the references.
     * @param refField        the field of each order that holds its reference.
     * @param initialCapacity bytes to start with.
     */
    Arena(final OrderTable table, final int refField, final int initialCapacity)
    {
        this.table = table;
        this.refField = refField;
        final int capacity = align(Math.max(1024, initialCapacity));
        buffer = new UnsafeBuffer(new byte[capacity]);
    }

    /** @return the table field that holds the references. */
    int refField()
    {
        return refField;
    }

    /**
     * Room for {@code bytes} bytes, to be written by the caller at {@link #offset(long)} of the reference in
     * {@link #buffer()}. May compact, which rewrites the references held in the table (not slot indexes).
     *
     * @param bytes at most 65,535.
     * @return the reference to them.
     */
    long allocate(final int bytes)
    {
        if (bytes < 0 || bytes > 0xFFFF)
        {
            throw new IllegalArgumentException("invalid bytes=" + bytes + ", must be 0 to 65535");
        }
        final int chunk = align(HEADER_LENGTH + bytes);
        int at = place(chunk);
        if (at < 0)
        {
            compact(chunk);
            at = place(chunk);
        }
        buffer.putInt(at, bytes);
        used += chunk;
        live += chunk;
        return ((long)(at + HEADER_LENGTH + 1) << 16) | bytes;
    }

    /** @return where a chunk of {@code chunk} bytes fits at the head, after padding to the end if needed; -1 if not. */
    private int place(final int chunk)
    {
        final int capacity = buffer.capacity();
        final int head = (tail + used) % capacity;
        final boolean wrapped = used > 0 && head <= tail;
        if (wrapped)
        {
            return tail - head >= chunk ? head : -1;
        }
        if (capacity - head >= chunk)
        {
            return head;
        }
        if (tail >= chunk)
        {
            // The chunk does not fit before the end: the rest of the ring becomes one freed padding chunk.
            buffer.putInt(head, FREED | (capacity - head - HEADER_LENGTH));
            used += capacity - head;
            return 0;
        }
        return -1;
    }

    static int offset(final long ref)
    {
        return (int)(ref >>> 16) - 1;
    }

    static int length(final long ref)
    {
        return (int)(ref & 0xFFFF);
    }

    /** The bytes of a reference are no longer needed; the caller clears the reference. */
    void free(final long ref)
    {
        if (ref == 0)
        {
            return;
        }
        final int header = offset(ref) - HEADER_LENGTH;
        buffer.putInt(header, buffer.getInt(header) | FREED);
        live -= align(HEADER_LENGTH + length(ref));
        final int capacity = buffer.capacity();
        while (used > 0)
        {
            final int value = buffer.getInt(tail);
            if ((value & FREED) == 0)
            {
                break;
            }
            final int chunk = align(HEADER_LENGTH + (value & ~FREED));
            used -= chunk;
            tail += chunk;
            if (tail == capacity)
            {
                tail = 0;
            }
        }
        if (used == 0)
        {
            tail = 0;
        }
    }

    /** Copies the live chunks to the start of the spare buffer, growing it until half stays free, and swaps. */
    private void compact(final int needed)
    {
        int capacity = buffer.capacity();
        while ((long)(live + needed) * 2 > capacity)
        {
            capacity *= 2;
        }
        if (spare == null || spare.capacity() < capacity)
        {
            spare = new UnsafeBuffer(new byte[capacity]);
        }
        final UnsafeBuffer compacted = spare;
        int next = 0;
        for (int slot = 0, n = table.capacity(); slot < n; slot++)
        {
            final long ref = table.orderIdAt(slot) == 0 ? 0 : table.get(slot, refField);
            if (ref != 0)
            {
                final int bytes = length(ref);
                compacted.putInt(next, bytes);
                compacted.putBytes(next + HEADER_LENGTH, buffer, offset(ref), bytes);
                table.set(slot, refField, ((long)(next + HEADER_LENGTH + 1) << 16) | bytes);
                next += align(HEADER_LENGTH + bytes);
            }
        }
        spare = buffer;
        buffer = compacted;
        tail = 0;
        used = next;
        live = next;
    }

    /** @return the buffer to write a new reference's bytes in and to read references from. */
    MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /** @return bytes of the ring. */
    int capacity()
    {
        return buffer.capacity();
    }

    /** @return where the oldest chunk starts. */
    int tail()
    {
        return tail;
    }

    /** @return bytes in use from the tail, freed chunks behind live ones included. */
    int used()
    {
        return used;
    }

    /** @return bytes of the live chunks, headers included. */
    int live()
    {
        return live;
    }

    /**
     * Replace the contents with a snapshot's (see {@link SnapshotCodec}), references to which the table loaded
     * beside it holds: the ring's capacity, tail, used and live, and the used bytes from the tail.
     */
    void load(final int capacity, final int tail, final int used, final int live, final DirectBuffer source,
        final int offset)
    {
        if (capacity < 1024 || capacity % ALIGNMENT != 0 || tail < 0 || tail >= capacity || used < 0 ||
            used > capacity || live < 0 || live > used)
        {
            throw new IllegalStateException("snapshot arena of capacity " + capacity + " tail " + tail + " used " +
                used + " live " + live + " is inconsistent");
        }
        if (buffer.capacity() != capacity)
        {
            buffer = new UnsafeBuffer(new byte[capacity]);
        }
        final int first = Math.min(used, capacity - tail);
        buffer.putBytes(tail, source, offset, first);
        buffer.putBytes(0, source, offset + first, used - first);
        this.tail = tail;
        this.used = used;
        this.live = live;
    }

    /** Writes the used bytes from the tail, wrapping, at {@code offset} of {@code target}. */
    void copyUsedTo(final MutableDirectBuffer target, final int offset)
    {
        final int first = Math.min(used, buffer.capacity() - tail);
        target.putBytes(offset, buffer, tail, first);
        target.putBytes(offset + first, buffer, 0, used - first);
    }

    DirectBuffer readBuffer()
    {
        return buffer;
    }

    private static int align(final int bytes)
    {
        return (bytes + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
