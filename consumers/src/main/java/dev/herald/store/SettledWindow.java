package dev.herald.store;

/**
 * The deduplication window of one reaction: orders it has settled (their terminal fact seen and its own work for
 * them announced), oldest first. An order leaves the window, and the reaction forgets it, once more than
 * {@code maxOrders} orders settled after it or once it settled more than {@code maxAgeNs} before the fact being
 * handled (record timestamps, so that replay forgets exactly what the live run forgot). A duplicate
 * {@code OrderPlaced} is recognised while its order is held; after that it is a new order.
 *
 * <p>Orders that leave by count are forgotten {@value #BATCH} at a time: the window then holds between
 * {@code maxOrders} and {@code maxOrders + BATCH - 1} settled orders, decided by the stream alone, so replay still
 * forgets what the live run forgot. The batch is there for the cache: a forgotten order's record was last touched
 * when it settled, a whole window ago, so forgetting it is a cache miss; a batch lets the table take those misses
 * together ({@link OrderTable#forgetSettled}) instead of one after another. A window of {@value #EXACT_UP_TO}
 * orders or fewer has a batch of one: it forgets exactly as counted.
 *
 * <p>A ring of a power-of-two capacity (indexes by mask, not division: it is consulted on every fact), holding at
 * most {@code maxOrders + BATCH}.
 *
 * <p>Threading: the owning stage's thread.
 */
final class SettledWindow
{
    /** Orders forgotten by count at once, in a window of more than {@link #EXACT_UP_TO} orders. */
    static final int BATCH = 64;
    /** A window of up to this many orders forgets each order as soon as it leaves. */
    static final int EXACT_UP_TO = 1024;
    /** Ring entries whose lines {@link #touchAhead} loads at once. */
    private static final int AHEAD = 64;
    private static final int LONGS_PER_LINE = 8;

    private final int maxOrders;
    private final int batch;
    private final long maxAgeNs;
    /** No age limit: the oldest settlement time is never read, so the check stays off that array's cold line. */
    private final boolean countOnly;
    /** Written by {@link #touchAhead} so that its loads stay; never read. */
    private long touchedEntries;
    private long[] orderIds;
    private long[] settledAt;
    private int head;
    private int size;

    /**
     * @param maxOrders settled orders remembered, at least 1.
     * @param maxAgeNs  longest time a settled order is remembered, {@code Long.MAX_VALUE} for no limit.
     * @param expected  settled orders expected at once, for pre-sizing.
     */
    SettledWindow(final int maxOrders, final long maxAgeNs, final int expected)
    {
        this.maxOrders = maxOrders;
        this.batch = maxOrders > EXACT_UP_TO ? BATCH : 1;
        this.maxAgeNs = maxAgeNs;
        this.countOnly = maxAgeNs == Long.MAX_VALUE;
        final int capacity = powerOfTwoAtLeast(Math.max(16, Math.min(maxOrders, expected) + batch));
        orderIds = new long[capacity];
        settledAt = new long[capacity];
    }

    /** An order settled at a record's timestamp. */
    void add(final long orderId, final long timestamp)
    {
        if (size == orderIds.length)
        {
            grow();
        }
        final int tail = (head + size) & (orderIds.length - 1);
        if ((tail & (AHEAD - 1)) == 0)
        {
            touchAhead(tail);
        }
        orderIds[tail] = orderId;
        settledAt[tail] = timestamp;
        size++;
    }

    /**
     * @param now the timestamp of the fact being handled.
     * @return how many of the oldest orders have left the window and are to be forgotten now (0 nearly always);
     *         {@link #orderIdAt} gives them, {@link #drop} removes them.
     */
    int expired(final long now)
    {
        if (size - maxOrders >= batch) // not size >= maxOrders + batch: an unbounded window's count is MAX_VALUE
        {
            return size - maxOrders;
        }
        if (countOnly)
        {
            return 0;
        }
        int expired = 0;
        while (expired < size && now - settledAtAt(expired) > maxAgeNs)
        {
            expired++;
        }
        return expired;
    }

    /** Remove the oldest orders, as counted by {@link #expired}. */
    void drop(final int count)
    {
        head = (head + count) & (orderIds.length - 1);
        size -= count;
    }

    /** @return the i-th order remembered, oldest first. */
    long orderIdAt(final int i)
    {
        return orderIds[(head + i) & (orderIds.length - 1)];
    }

    /** @return when the i-th order remembered settled, oldest first. */
    long settledAtAt(final int i)
    {
        return settledAt[(head + i) & (orderIds.length - 1)];
    }

    /** @return settled orders remembered. */
    int size()
    {
        return size;
    }

    /**
     * The ring's next {@link #AHEAD} entries were last written a whole ring ago and are out of the cache: one load
     * per line of each array fetches them together, ahead of the writes that would otherwise miss one by one.
     */
    private void touchAhead(final int tail)
    {
        final int mask = orderIds.length - 1;
        long touched = 0;
        for (int i = AHEAD; i < 2 * AHEAD; i += LONGS_PER_LINE)
        {
            final int at = (tail + i) & mask;
            touched += orderIds[at] + settledAt[at];
        }
        touchedEntries = touched;
    }

    private void grow()
    {
        final long[] ids = new long[orderIds.length * 2];
        final long[] at = new long[ids.length];
        for (int i = 0; i < size; i++)
        {
            ids[i] = orderIdAt(i);
            at[i] = settledAtAt(i);
        }
        orderIds = ids;
        settledAt = at;
        head = 0;
    }

    private static int powerOfTwoAtLeast(final int n)
    {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }
}
