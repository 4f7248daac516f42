package dev.herald.store;

import dev.herald.engine.Emitter;
import org.agrona.concurrent.NanoClock;

import java.util.Arrays;

/**
 * Pending retries of port calls with bounded exponential backoff: what a reaction still has to <em>do</em>, never
 * part of what it knows (so never digested). Parallel primitive arrays, grown by doubling; removal swaps with the
 * last entry, so the order of retries is not preserved (each order is retried on its own).
 *
 * <p>Threading: owned by one stage.
 */
final class RetrySchedule
{
    private final long initialBackoffNs;
    private final long maxBackoffNs;
    private long[] orderIds;
    private long[] customerIds;
    private long[] amounts;
    private long[] causations;
    private long[] dueNs;
    private short[] currencies;
    private int[] attempts;
    private int size;
    private long earliestDueNs = Long.MAX_VALUE;

    RetrySchedule(final int initialCapacity, final long initialBackoffNs, final long maxBackoffNs)
    {
        if (initialBackoffNs <= 0 || maxBackoffNs < initialBackoffNs)
        {
            throw new IllegalArgumentException("invalid initialBackoffNs=" + initialBackoffNs + " maxBackoffNs=" +
                maxBackoffNs + ", need 0 < initialBackoffNs <= maxBackoffNs");
        }
        final int capacity = Math.max(4, initialCapacity);
        this.initialBackoffNs = initialBackoffNs;
        this.maxBackoffNs = maxBackoffNs;
        orderIds = new long[capacity];
        customerIds = new long[capacity];
        amounts = new long[capacity];
        causations = new long[capacity];
        dueNs = new long[capacity];
        currencies = new short[capacity];
        attempts = new int[capacity];
    }

    long backoffNs(final int attemptsMade)
    {
        final int shift = Math.min(Math.max(attemptsMade - 1, 0), 40);
        final long backoff = initialBackoffNs << shift;
        return backoff <= 0 || backoff > maxBackoffNs ? maxBackoffNs : backoff;
    }

    void add(
        final long orderId,
        final long customerId,
        final long amount,
        final short currency,
        final long causation,
        final int attemptsMade,
        final long nowNs)
    {
        if (size == orderIds.length)
        {
            final int capacity = size * 2;
            orderIds = Arrays.copyOf(orderIds, capacity);
            customerIds = Arrays.copyOf(customerIds, capacity);
            amounts = Arrays.copyOf(amounts, capacity);
            causations = Arrays.copyOf(causations, capacity);
            dueNs = Arrays.copyOf(dueNs, capacity);
            currencies = Arrays.copyOf(currencies, capacity);
            attempts = Arrays.copyOf(attempts, capacity);
        }
        final int i = size++;
        orderIds[i] = orderId;
        customerIds[i] = customerId;
        amounts[i] = amount;
        currencies[i] = currency;
        causations[i] = causation;
        attempts[i] = attemptsMade;
        dueNs[i] = nowNs + backoffNs(attemptsMade);
        earliestDueNs = Math.min(earliestDueNs, dueNs[i]);
    }

    int size()
    {
        return size;
    }

    boolean anyDue(final long nowNs)
    {
        return size > 0 && nowNs - earliestDueNs >= 0;
    }

    boolean isDue(final int i, final long nowNs)
    {
        return nowNs - dueNs[i] >= 0;
    }

    long orderId(final int i)
    {
        return orderIds[i];
    }

    long customerId(final int i)
    {
        return customerIds[i];
    }

    long amount(final int i)
    {
        return amounts[i];
    }

    short currency(final int i)
    {
        return currencies[i];
    }

    long causation(final int i)
    {
        return causations[i];
    }

    int attempts(final int i)
    {
        return attempts[i];
    }

    /** One more attempt failed: try again after a longer backoff. */
    void retryLater(final int i, final long nowNs)
    {
        attempts[i]++;
        dueNs[i] = nowNs + backoffNs(attempts[i]);
    }

    void removeAt(final int i)
    {
        final int last = --size;
        orderIds[i] = orderIds[last];
        customerIds[i] = customerIds[last];
        amounts[i] = amounts[last];
        currencies[i] = currencies[last];
        causations[i] = causations[last];
        attempts[i] = attempts[last];
        dueNs[i] = dueNs[last];
    }

    /** One more attempt at entry {@code i} of a schedule, announcing through the emitter of the fact being handled. */
    interface Attempt
    {
        /**
         * @return true when the entry is done (it succeeded, or was given up) and leaves the schedule; false to try
         * again after its next backoff.
         */
        boolean attempt(RetrySchedule schedule, int i, Emitter emitter);
    }

    /**
     * Make every attempt that is due: the loop of every reaction that retries a port (refunds, receipts, shipments).
     * Entries that are done leave; the others wait their next backoff.
     *
     * <p>Called between messages, it reads the clock only when something waits: a clock read costs more here than
     * handling a fact a reaction ignores.
     *
     * @param clock   the reaction's clock.
     * @param attempt makes one attempt; a field of the caller's, so the loop allocates nothing.
     */
    void retryDue(final NanoClock clock, final Attempt attempt, final Emitter emitter)
    {
        if (size == 0)
        {
            return;
        }
        final long nowNs = clock.nanoTime();
        if (!anyDue(nowNs))
        {
            return;
        }
        for (int i = size - 1; i >= 0; i--)
        {
            if (isDue(i, nowNs))
            {
                if (attempt.attempt(this, i, emitter))
                {
                    removeAt(i);
                }
                else
                {
                    retryLater(i, nowNs);
                }
            }
        }
        recomputeEarliestDue();
    }

    void recomputeEarliestDue()
    {
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < size; i++)
        {
            earliest = Math.min(earliest, dueNs[i]);
        }
        earliestDueNs = earliest;
    }
}
