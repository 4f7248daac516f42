package dev.herald.store;

import dev.herald.engine.Emitter;
import dev.herald.engine.MessageTypes;
import dev.herald.journal.RecordView;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.HdrHistogram.Histogram;
import org.agrona.collections.Long2LongCounterMap;

import java.util.concurrent.TimeUnit;

import static dev.herald.store.StoreMessageTypes.*;

/**
 * Stage {@value Store#STAGE_ANALYTICS}: counts distinct orders, revenue of completed orders per currency, units
 * ordered per SKU, cancellations per reason, failed receipts, and the distribution of time from
 * {@code OrderPlaced} to {@code ReceiptEmailed}, taken from the two facts' header timestamps (so replay rebuilds
 * the same histogram). It announces nothing and calls no port: it only knows. The count of duplicate deliveries
 * is observability, not knowledge of orders, and is left out of the digest (a redelivery changes nothing else).
 *
 * <p>Threading: runs on its stage's thread; read the figures after the engine has closed, or copy the histogram
 * with {@link #copyReceiptLatency()} from that thread. See {@link Reaction}.
 */
public final class AnalyticsReaction implements Reaction
{
    private static final MessageTypes HANDLED = MessageTypes.of(
        ORDER_PLACED, RECEIPT_EMAILED, EMAIL_FAILED, ORDER_CANCELLED, ORDER_COMPLETED);

    /** Latencies above this are recorded as this. */
    public static final long MAX_TRACKED_LATENCY_NS = TimeUnit.HOURS.toNanos(1);

    private static final int BIT_PLACED = 1;
    private static final int BIT_COMPLETED = 2;
    private static final int BIT_CANCELLED = 4;
    private static final int BIT_RECEIPTED = 8;
    private static final int BIT_EMAIL_FAILED = 16;

    private static final int STATE = OrderTable.STATE;
    private static final int PLACED_AT = 1;

    private final OrderTable orderStates;
    private final Long2LongCounterMap revenueByCurrency = new Long2LongCounterMap(16, 0.65f, 0);
    private final Long2LongCounterMap unitsBySku;
    private final long[] cancellationsByReason = new long[8];
    private final Histogram receiptLatency = new Histogram(MAX_TRACKED_LATENCY_NS, 3);
    private final OrderPlacedDecoder placed = new OrderPlacedDecoder();
    private final OrderEventCodec event = new OrderEventCodec();
    private long orders;
    private long duplicateOrders;
    private long completed;
    private long cancelled;
    private long receipts;
    private long emailsFailed;
    private long latencySumNs;

    /**
     * @param expectedOrders pre-sizes the per-order state.
     * @param expectedSkus   pre-sizes the per-SKU counts.
     */
    public AnalyticsReaction(final int expectedOrders, final int expectedSkus)
    {
        this(expectedOrders, expectedSkus, Store.Context.unbounded());
    }

    AnalyticsReaction(final int expectedOrders, final int expectedSkus, final SettledWindow window)
    {
        orderStates = new OrderTable(2, expectedOrders, window);
        unitsBySku = new Long2LongCounterMap(Math.max(16, expectedSkus * 2), 0.65f, 0);
    }

    /** {@inheritDoc} */
    @Override
    public String stageName()
    {
        return Store.STAGE_ANALYTICS;
    }

    /** {@inheritDoc} The facts {@link #onMessage} acts on; the engine passes the others by. */
    @Override
    public MessageTypes messageTypes()
    {
        return HANDLED;
    }

    /** {@inheritDoc} */
    @Override
    public void onMessage(final RecordView message, final Emitter emitter)
    {
        // One lookup per fact: the order's slot, found (or made) once, is what every step below reads and marks.
        final int slot;
        switch (message.messageType())
        {
            case ORDER_PLACED:
                slot = onOrderPlaced(message);
                break;
            case ORDER_COMPLETED:
                slot = orderStates.insert(event.wrap(message).orderId());
                if (mark(slot, BIT_COMPLETED))
                {
                    completed++;
                    revenueByCurrency.addAndGet(event.currency(), event.amount());
                }
                break;
            case ORDER_CANCELLED:
                slot = orderStates.insert(event.wrap(message).orderId());
                if (mark(slot, BIT_CANCELLED))
                {
                    cancelled++;
                    cancellationsByReason[event.reason() & 7]++;
                }
                break;
            case RECEIPT_EMAILED:
                slot = orderStates.insert(event.wrap(message).orderId());
                if (mark(slot, BIT_RECEIPTED))
                {
                    receipts++;
                    final long start = orderStates.get(slot, PLACED_AT);
                    if (start != 0)
                    {
                        final long latency = Math.min(MAX_TRACKED_LATENCY_NS, Math.max(0, message.timestamp() - start));
                        receiptLatency.recordValue(latency);
                        latencySumNs += latency;
                    }
                }
                break;
            case EMAIL_FAILED:
                slot = orderStates.insert(event.wrap(message).orderId());
                if (mark(slot, BIT_EMAIL_FAILED))
                {
                    emailsFailed++;
                }
                break;
            default:
                return;
        }
        if (slot >= 0)
        {
            final long state = orderStates.get(slot, STATE);
            if ((state & BIT_CANCELLED) != 0 ||
                ((state & BIT_COMPLETED) != 0 && (state & (BIT_RECEIPTED | BIT_EMAIL_FAILED)) != 0))
            {
                orderStates.settle(slot, message.timestamp());
            }
        }
        orderStates.forgetSettled(message.timestamp(), null);
    }

    /** @return the order's slot, or -1 for order id 0. */
    private int onOrderPlaced(final RecordView message)
    {
        placed.wrap(message);
        final int slot = orderStates.insert(placed.orderId());
        if (!mark(slot, BIT_PLACED))
        {
            duplicateOrders++;
            return slot;
        }
        orders++;
        if (message.timestamp() != 0)
        {
            orderStates.set(slot, PLACED_AT, message.timestamp());
        }
        for (int i = 0, n = placed.itemCount(); i < n; i++)
        {
            final long sku = placed.sku(i);
            unitsBySku.addAndGet(sku, placed.quantity(i));
        }
        return slot;
    }

    /** @return true when the bit was not set yet and is now; false for slot -1 or a bit already set. */
    private boolean mark(final int slot, final int bit)
    {
        if (slot < 0)
        {
            return false;
        }
        final long state = orderStates.get(slot, STATE);
        if ((state & bit) != 0)
        {
            return false;
        }
        orderStates.set(slot, STATE, state | bit);
        return true;
    }

    /** @return distinct orders placed. */
    public long orders()
    {
        return orders;
    }

    /** @return OrderPlaced facts for an order already seen. */
    public long duplicateOrders()
    {
        return duplicateOrders;
    }

    /** @return orders completed. */
    public long completed()
    {
        return completed;
    }

    /** @return orders cancelled. */
    public long cancelled()
    {
        return cancelled;
    }

    /**
     * @param reason a {@code StoreSchema.REASON_*} code.
     * @return cancellations for that reason.
     */
    public long cancellations(final int reason)
    {
        return cancellationsByReason[reason & 7];
    }

    /** @return receipts sent. */
    public long receipts()
    {
        return receipts;
    }

    /** @return receipts that failed for good. */
    public long emailsFailed()
    {
        return emailsFailed;
    }

    /**
     * @param currency ISO 4217 numeric code.
     * @return revenue of completed orders in minor units.
     */
    public long revenue(final short currency)
    {
        return revenueByCurrency.get(currency);
    }

    /**
     * @param sku a SKU.
     * @return units ordered (distinct orders, cancelled ones included).
     */
    public long unitsOrdered(final long sku)
    {
        return unitsBySku.get(sku);
    }

    /** @return a copy of the OrderPlaced-to-ReceiptEmailed histogram, in nanoseconds. */
    public Histogram copyReceiptLatency()
    {
        return receiptLatency.copy();
    }

    /** {@inheritDoc} */
    @Override
    public long digest()
    {
        long digest = orderStates.digest(-1L);
        digest = Digests.combine(digest, Digests.of(revenueByCurrency));
        digest = Digests.combine(digest, Digests.of(unitsBySku));
        for (final long count : cancellationsByReason)
        {
            digest = Digests.combine(digest, count);
        }
        digest = Digests.combine(digest, orders);
        digest = Digests.combine(digest, completed * 31 + cancelled);
        digest = Digests.combine(digest, receipts * 31 + emailsFailed);
        digest = Digests.combine(digest, receiptLatency.getTotalCount() * 31 + receiptLatency.getMaxValue());
        return Digests.combine(digest, latencySumNs);
    }

    /** {@inheritDoc} */
    @Override
    public int takeSnapshot(final MutableDirectBuffer buffer)
    {
        final SnapshotCodec.Writer writer = new SnapshotCodec.Writer().wrap(buffer)
            .putTable(orderStates).putCounters(revenueByCurrency).putCounters(unitsBySku);
        for (final long count : cancellationsByReason)
        {
            writer.putLong(count);
        }
        return writer.putHistogram(receiptLatency).putLong(orders).putLong(duplicateOrders).putLong(completed)
            .putLong(cancelled).putLong(receipts).putLong(emailsFailed).putLong(latencySumNs).length();
    }

    /** {@inheritDoc} */
    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length, final int version)
    {
        final SnapshotCodec.Reader reader = new SnapshotCodec.Reader().wrap(buffer, offset, length, version);
        reader.getTable(orderStates);
        reader.getCounters(revenueByCurrency);
        reader.getCounters(unitsBySku);
        for (int i = 0; i < cancellationsByReason.length; i++)
        {
            cancellationsByReason[i] = reader.getLong();
        }
        reader.getHistogram(receiptLatency);
        orders = reader.getLong();
        duplicateOrders = reader.getLong();
        completed = reader.getLong();
        cancelled = reader.getLong();
        receipts = reader.getLong();
        emailsFailed = reader.getLong();
        latencySumNs = reader.getLong();
        reader.end();
    }
}
