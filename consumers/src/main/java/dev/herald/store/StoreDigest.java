package dev.herald.store;

import java.util.Arrays;

/**
 * The digests of every reaction of a {@link Store}, by stage, and one combined value. Two stores that applied the
 * same facts have equal digests: the check that replay rebuilds live state.
 *
 * <p>Threading: immutable.
 */
public final class StoreDigest
{
    private final String[] stageNames;
    private final long[] digests;
    private final long combined;

    /**
     * @param reactions whose digests to take, in a fixed order.
     */
    public StoreDigest(final Reaction... reactions)
    {
        stageNames = new String[reactions.length];
        digests = new long[reactions.length];
        long value = reactions.length;
        for (int i = 0; i < reactions.length; i++)
        {
            stageNames[i] = reactions[i].stageName();
            digests[i] = reactions[i].digest();
            value = Digests.combine(value, digests[i]);
        }
        combined = value;
    }

    /** @return the combined digest. */
    public long value()
    {
        return combined;
    }

    /**
     * @param stageName a stage.
     * @return its reaction's digest.
     * @throws IllegalArgumentException when there is no such stage.
     */
    public long stage(final String stageName)
    {
        for (int i = 0; i < stageNames.length; i++)
        {
            if (stageNames[i].equals(stageName))
            {
                return digests[i];
            }
        }
        throw new IllegalArgumentException("invalid stageName=" + stageName + ", not in " +
            Arrays.toString(stageNames));
    }

    /** @return stage names in digest order. */
    public String[] stageNames()
    {
        return stageNames.clone();
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof StoreDigest && Arrays.equals(stageNames, ((StoreDigest)o).stageNames) &&
            Arrays.equals(digests, ((StoreDigest)o).digests);
    }

    @Override
    public int hashCode()
    {
        return Long.hashCode(combined);
    }

    /** @return "combined=... payment=... inventory=..." in hex. */
    @Override
    public String toString()
    {
        final StringBuilder out = new StringBuilder("combined=").append(String.format("%016x", combined));
        for (int i = 0; i < stageNames.length; i++)
        {
            out.append(' ').append(stageNames[i]).append('=').append(String.format("%016x", digests[i]));
        }
        return out.toString();
    }
}
