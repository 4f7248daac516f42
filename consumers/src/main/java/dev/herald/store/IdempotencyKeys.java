package dev.herald.store;

/**
 * What an in-memory port remembers of the calls it has carried out: the idempotency keys (order ids) of the last
 * {@code remember} effects, as a payment provider keeps its keys for a day or so. A call whose key is remembered
 * is answered without a second effect; a key older than that is forgotten, so the port's memory stays bounded on
 * an endless stream. One {@link OrderTable} and its window, so a key costs what a reaction's order costs.
 *
 * <p>Threading: guarded by the owning port.
 */
final class IdempotencyKeys
{
    /** Keys an in-memory port remembers by default: twice the store's default window. */
    static final int REMEMBER_DEFAULT = 2 * Store.Context.WINDOW_ORDERS_DEFAULT;

    private final OrderTable keys;

    /**
     * @param expected keys expected at once, for pre-sizing.
     * @param remember the most recent keys remembered, at least 1.
     */
    IdempotencyKeys(final int expected, final int remember)
    {
        if (remember < 1)
        {
            throw new IllegalArgumentException("invalid remember=" + remember + ", must be at least 1");
        }
        keys = new OrderTable(1, Math.min(expected, remember), new SettledWindow(remember, Long.MAX_VALUE,
            Math.min(expected, remember)));
    }

    /**
     * @param orderId the key.
     * @return true when the key was not remembered, and is now; false for a repeated call.
     */
    boolean firstCall(final long orderId)
    {
        final int slot = keys.insert(orderId);
        if (slot < 0 || (keys.get(slot, OrderTable.STATE) & OrderTable.SETTLED) != 0)
        {
            return false;
        }
        // Settled at once: the key waits in the window, oldest first, until `remember` later keys push it out.
        keys.settle(slot, 0);
        keys.forgetSettled(0, null);
        return true;
    }

    /** @return 1 when the key is remembered, else 0. */
    long count(final long orderId)
    {
        return keys.find(orderId) >= 0 ? 1 : 0;
    }

    /** @return 1 when any key is remembered, else 0: a port records at most one effect per key. */
    long maxPerKey()
    {
        return keys.size() > 0 ? 1 : 0;
    }
}
