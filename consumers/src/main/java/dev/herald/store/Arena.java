package dev.herald.store;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Variable-length per-order bytes (an order's reserved lines, its contact address) kept beside an
 * {@link OrderTable}, which holds a reference to them in one field. Freed space is reclaimed by compacting once
 * more than half the arena is garbage, so an endless stream of orders keeps it as large as the orders held.
 *
 * <p>A reference packs offset + 1 and length; 0 means none. Threading: the owning stage's thread.
 */
final class Arena
{
    private static final int MIN_COMPACT_BYTES = 64 * 1024;

    private ExpandableArrayBuffer buffer;
    /** Compaction copies into this one and swaps, so it allocates only while the arena still grows. */
    private ExpandableArrayBuffer spare;
    private int length;
    private int garbage;

    Arena(final int initialCapacity)
    {
        buffer = new ExpandableArrayBuffer(Math.max(1024, initialCapacity));
        spare = new ExpandableArrayBuffer(Math.max(1024, initialCapacity));
    }

    /** @return where the next {@code length} bytes go, to be written by the caller, then {@link #commit}. */
    int nextOffset()
    {
        return length;
    }

    /** @return the buffer to write at {@link #nextOffset()} and to read references from. */
    MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @param bytes written at {@link #nextOffset()}.
     * @return the reference to them.
     */
    long commit(final int bytes)
    {
        final long ref = ((long)(length + 1) << 16) | bytes;
        length += bytes;
        return ref;
    }

    static int offset(final long ref)
    {
        return (int)(ref >>> 16) - 1;
    }

    static int length(final long ref)
    {
        return (int)(ref & 0xFFFF);
    }

    /** The bytes of a reference are no longer needed. */
    void free(final long ref)
    {
        if (ref != 0)
        {
            garbage += length(ref);
        }
    }

    /**
     * Compact when worthwhile, rewriting the references held in {@code refField} of every order in the table.
     */
    void compactIfWorthwhile(final OrderTable table, final int refField)
    {
        if (garbage < MIN_COMPACT_BYTES || garbage * 2 < length)
        {
            return;
        }
        final ExpandableArrayBuffer compacted = spare;
        int next = 0;
        for (int slot = 0, n = table.capacity(); slot < n; slot++)
        {
            final long ref = table.orderIdAt(slot) == 0 ? 0 : table.get(slot, refField);
            if (ref != 0)
            {
                final int bytes = length(ref);
                compacted.putBytes(next, buffer, offset(ref), bytes);
                table.set(slot, refField, ((long)(next + 1) << 16) | bytes);
                next += bytes;
            }
        }
        spare = buffer;
        buffer = compacted;
        length = next;
        garbage = 0;
    }

    /** @return bytes freed and not yet reclaimed. */
    int garbage()
    {
        return garbage;
    }

    /** Replace the contents with a snapshot's, references to which the table loaded beside it holds. */
    void load(final DirectBuffer source, final int offset, final int bytes, final int garbageBytes)
    {
        buffer.putBytes(0, source, offset, bytes);
        length = bytes;
        garbage = garbageBytes;
    }

    /** @return bytes in use, garbage included. */
    int length()
    {
        return length;
    }

    DirectBuffer readBuffer()
    {
        return buffer;
    }
}
