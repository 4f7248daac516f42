package dev.herald.store;

import org.agrona.collections.Long2LongCounterMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;

/**
 * Order-independent digests: each entry is mixed on its own and the mixes are added, so two maps with the same
 * entries digest the same whatever their insertion order or capacity.
 */
final class Digests
{
    private Digests()
    {
    }

    static long mix(final long value)
    {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long entry(final long key, final long value)
    {
        return mix(mix(key) ^ (value * 0xC2B2AE3D27D4EB4FL));
    }

    static long of(final Long2LongHashMap map)
    {
        final long[] sum = { mix(map.size()) };
        map.forEachLong((k, v) -> sum[0] += entry(k, v));
        return sum[0];
    }

    static long of(final Long2LongCounterMap map)
    {
        final long[] sum = { mix(map.size()) };
        map.forEach((k, v) -> sum[0] += entry(k, v));
        return sum[0];
    }

    /** Set a counter to a value; a counter map drops entries equal to its initial value. */
    static void set(final Long2LongCounterMap map, final long key, final long value)
    {
        map.remove(key);
        map.addAndGet(key, value);
    }

    static long of(final LongHashSet set)
    {
        long sum = mix(set.size());
        final LongHashSet.LongIterator it = set.iterator();
        while (it.hasNext())
        {
            sum += mix(it.nextValue() * 31 + 7);
        }
        return sum;
    }

    static long combine(final long digest, final long next)
    {
        return mix(digest * 0x9E3779B97F4A7C15L + next);
    }
}
