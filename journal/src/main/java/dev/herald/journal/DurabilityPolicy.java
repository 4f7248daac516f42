package dev.herald.journal;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * When appended records are forced to the storage device, and so when {@link JournalWriter#durableSequence()}
 * moves.
 *
 * <ul>
 *   <li>{@link #PAGE_CACHE}: never forced by Herald; a record is durable once it is in the page cache, which
 *   survives a process crash but not a power loss. Fastest.</li>
 *   <li>{@link #PER_BATCH}: group commit; {@link JournalWriter#endOfBatch()} forces everything appended since
 *   the previous batch with one msync. Survives power loss for every batch that returned.</li>
 *   <li>{@link #interval(long, TimeUnit)}: forced at the end of a batch once the interval has passed since the
 *   last force. Bounds the loss window in time rather than in records.</li>
 * </ul>
 *
 * Immutable and thread-safe.
 */
public final class DurabilityPolicy
{
    /** The three ways a journal becomes durable. */
    public enum Mode
    {
        /** Durable once written to the page cache. */
        PAGE_CACHE,
        /** Forced once per batch (group commit). */
        PER_BATCH,
        /** Forced at most once per interval. */
        INTERVAL
    }

    /** Page cache only: no force. */
    public static final DurabilityPolicy PAGE_CACHE = new DurabilityPolicy(Mode.PAGE_CACHE, 0);
    /** Force once per batch. */
    public static final DurabilityPolicy PER_BATCH = new DurabilityPolicy(Mode.PER_BATCH, 0);

    private final Mode mode;
    private final long intervalNs;

    private DurabilityPolicy(final Mode mode, final long intervalNs)
    {
        this.mode = mode;
        this.intervalNs = intervalNs;
    }

    /**
     * Force on an interval.
     *
     * @param interval between forces, greater than zero.
     * @param unit     of the interval.
     * @return the policy.
     */
    public static DurabilityPolicy interval(final long interval, final TimeUnit unit)
    {
        if (interval <= 0)
        {
            throw new IllegalArgumentException("invalid durability interval=" + interval + ", must be > 0");
        }
        return new DurabilityPolicy(Mode.INTERVAL, unit.toNanos(interval));
    }

    /**
     * Parse {@code page-cache}, {@code per-batch} or {@code interval:<millis>ms}.
     *
     * @param text to parse.
     * @return the policy.
     * @throws IllegalArgumentException naming the text when it is not one of those.
     */
    public static DurabilityPolicy parse(final String text)
    {
        final String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("page-cache"))
        {
            return PAGE_CACHE;
        }
        if (value.equals("per-batch"))
        {
            return PER_BATCH;
        }
        if (value.startsWith("interval:") && value.endsWith("ms"))
        {
            try
            {
                return interval(Long.parseLong(value.substring(9, value.length() - 2)), TimeUnit.MILLISECONDS);
            }
            catch (final NumberFormatException ignore)
            {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException(
            "invalid durability=" + text + ", must be page-cache, per-batch or interval:<millis>ms");
    }

    /** @return the mode. */
    public Mode mode()
    {
        return mode;
    }

    /** @return the interval in nanoseconds for {@link Mode#INTERVAL}, otherwise 0. */
    public long intervalNs()
    {
        return intervalNs;
    }

    @Override
    public String toString()
    {
        switch (mode)
        {
            case PAGE_CACHE:
                return "page-cache";
            case PER_BATCH:
                return "per-batch";
            default:
                return "interval:" + TimeUnit.NANOSECONDS.toMillis(intervalNs) + "ms";
        }
    }
}
