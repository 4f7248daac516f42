package dev.herald.store;

/**
 * The deduplication window of one reaction: orders it has settled (their terminal fact seen and its own work for
 * them announced), oldest first. An order leaves the window, and the reaction forgets it, once more than
 * {@code maxOrders} orders settled after it or once it settled more than {@code maxAgeNs} before the fact being
 * handled (record timestamps, so that replay forgets exactly what the live run forgot). A duplicate
 * {@code OrderPlaced} is recognised while its order is held; after that it is a new order.
 *
 * <p>A ring of a power-of-two capacity (indexes by mask, not division: it is consulted on every fact), holding at
 * most {@code maxOrders + 1}.
 *
 * <p>Threading: the owning stage's thread.
 */
final class SettledWindow
{
    private final int maxOrders;
    private final long maxAgeNs;
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
        this.maxAgeNs = maxAgeNs;
        final int capacity = powerOfTwoAtLeast(Math.max(16, Math.min(maxOrders, expected) + 1));
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
        orderIds[tail] = orderId;
        settledAt[tail] = timestamp;
        size++;
    }

    /**
     * @param now the timestamp of the fact being handled.
     * @return the oldest order that has left the window, removed from it; 0 when none has.
     */
    long pollExpired(final long now)
    {
        if (size == 0 || (size <= maxOrders && now - settledAt[head] <= maxAgeNs))
        {
            return 0;
        }
        final long orderId = orderIds[head];
        head = (head + 1) & (orderIds.length - 1);
        size--;
        return orderId;
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
