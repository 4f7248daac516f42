package dev.herald.cli;

import dev.herald.journal.RecordView;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts records per message type while a journal is read: what {@code stats}, {@code run} and {@code replay}
 * report. One small array per type, never an object per record.
 *
 * <p>Threading: {@link #onRecord(RecordView)} runs on one thread; {@link #records()} may be read from any thread
 * (progress); the rest once reading is done.
 */
final class FactCounts
{
    /** Per type: {records, bytes}. */
    private final Int2ObjectHashMap<long[]> byType = new Int2ObjectHashMap<>();
    private final AtomicLong records = new AtomicLong();
    private long bytes;
    private long firstSequence = -1;
    private long lastSequence = -1;
    private long firstTimestamp;
    private long lastTimestamp;

    boolean onRecord(final RecordView record)
    {
        final long count = records.get();
        if (count == 0)
        {
            firstSequence = record.sequence();
            firstTimestamp = record.timestamp();
        }
        records.lazySet(count + 1);
        lastSequence = record.sequence();
        lastTimestamp = record.timestamp();
        final int length = record.frameLength();
        bytes += length;
        final int type = record.messageType();
        long[] totals = byType.get(type);
        if (null == totals)
        {
            totals = new long[2];
            byType.put(type, totals);
        }
        totals[0]++;
        totals[1] += length;
        return true;
    }

    long records()
    {
        return records.get();
    }

    long bytes()
    {
        return bytes;
    }

    long firstSequence()
    {
        return firstSequence;
    }

    long lastSequence()
    {
        return lastSequence;
    }

    long firstTimestamp()
    {
        return firstTimestamp;
    }

    long lastTimestamp()
    {
        return lastTimestamp;
    }

    /**
     * @param type a message type.
     * @return records of that type.
     */
    long records(final int type)
    {
        final long[] totals = byType.get(type);
        return null == totals ? 0 : totals[0];
    }

    /**
     * @param type a message type.
     * @return frame bytes of that type.
     */
    long bytes(final int type)
    {
        final long[] totals = byType.get(type);
        return null == totals ? 0 : totals[1];
    }

    /** @return the types seen, ascending. */
    int[] types()
    {
        final int[] types = new int[byType.size()];
        int i = 0;
        final Int2ObjectHashMap<long[]>.KeyIterator keys = byType.keySet().iterator();
        while (keys.hasNext())
        {
            types[i++] = keys.nextInt();
        }
        Arrays.sort(types);
        return types;
    }
}
