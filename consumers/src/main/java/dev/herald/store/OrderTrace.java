package dev.herald.store;

import dev.herald.journal.JournalReader;
import dev.herald.journal.RecordDescriptor;
import dev.herald.journal.RecordView;
import org.agrona.collections.Long2LongHashMap;

import java.util.ArrayList;
import java.util.List;

/**
 * An order's story read back from the journal: every fact whose correlation id is the order id, in causal order,
 * with the stage that announced it and the time since the order was placed. This answers "what happened to order
 * #123?" without any stage's cooperation, because every derived fact carries the order id as correlation and the
 * sequence of its cause as causation.
 *
 * <p>Sequence order is a causal order: a fact is journaled after its cause. {@link Entry#depth()} is the length of
 * the causation chain back to the original fact, for indentation.
 *
 * <p>Threading: static methods; the reader is used on the calling thread only. Not a hot path: it scans the
 * journal (or the given range) and allocates an entry per matching fact.
 */
public final class OrderTrace
{
    private OrderTrace()
    {
    }

    /**
     * One fact of an order's story.
     *
     * @param sequence      journal sequence.
     * @param timestamp     epoch nanoseconds from the header.
     * @param messageType   header message type.
     * @param typeName      fact name, e.g. "PaymentCaptured".
     * @param causationId   sequence of its cause, or {@link RecordDescriptor#NO_CAUSATION}.
     * @param stage         stage that announced it, derived from the type.
     * @param sincePlacedNs nanoseconds since the first OrderPlaced of the order, or -1 before it is seen.
     * @param depth         0 for an original fact, cause's depth + 1 otherwise.
     * @param detail        the payload's fields, for people.
     */
    public record Entry(
        long sequence,
        long timestamp,
        int messageType,
        String typeName,
        long causationId,
        String stage,
        long sincePlacedNs,
        int depth,
        String detail)
    {
    }

    /**
     * Read an order's facts from the whole journal.
     *
     * @param reader  of the journal.
     * @param orderId the order (correlation id).
     * @return its facts in causal order; empty when none.
     */
    public static List<Entry> read(final JournalReader reader, final long orderId)
    {
        return read(reader, orderId, 0, Long.MAX_VALUE);
    }

    /**
     * Read an order's facts from a range of the journal.
     *
     * @param reader       of the journal.
     * @param orderId      the order (correlation id).
     * @param fromSequence first sequence to scan.
     * @param toSequence   last sequence to scan, inclusive.
     * @return its facts in causal order; empty when none.
     */
    public static List<Entry> read(
        final JournalReader reader, final long orderId, final long fromSequence, final long toSequence)
    {
        final List<Entry> entries = new ArrayList<>();
        final Long2LongHashMap depths = new Long2LongHashMap(64, 0.65f, -1);
        final long[] placedAt = { -1 };
        reader.replay(fromSequence, toSequence, message ->
        {
            if (message.correlationId() == orderId)
            {
                entries.add(entry(message, depths, placedAt));
            }
            return true;
        });
        return entries;
    }

    /**
     * Build the entry of one fact: exposed for tools that already iterate a journal.
     *
     * @param message   the fact.
     * @param depths    sequence to depth of the order's facts seen so far; updated.
     * @param placedAt  one-element array holding the OrderPlaced timestamp, -1 until seen; updated.
     * @return the entry.
     */
    static Entry entry(final RecordView message, final Long2LongHashMap depths, final long[] placedAt)
    {
        final int type = message.messageType();
        if (type == StoreMessageTypes.ORDER_PLACED && placedAt[0] == -1)
        {
            placedAt[0] = message.timestamp();
        }
        final long causeDepth = message.causationId() == RecordDescriptor.NO_CAUSATION ?
            -1 : depths.get(message.causationId());
        final int depth = (int)(causeDepth + 1);
        depths.put(message.sequence(), depth);
        return new Entry(
            message.sequence(),
            message.timestamp(),
            type,
            StoreMessageTypes.name(type),
            message.causationId(),
            StoreMessageTypes.announcedBy(type),
            placedAt[0] == -1 ? -1 : message.timestamp() - placedAt[0],
            depth,
            describe(message));
    }

    /**
     * Describe a store fact's payload, for tools such as {@code herald dump} and {@code trace}. Allocates.
     *
     * @param message any record.
     * @return its payload's fields as "name=value" pairs, or a short note for foreign or damaged payloads.
     */
    public static String describe(final RecordView message)
    {
        final int type = message.messageType();
        try
        {
            if (type == StoreMessageTypes.ORDER_PLACED)
            {
                final OrderPlacedDecoder order = new OrderPlacedDecoder().wrap(message);
                final StringBuilder out = new StringBuilder()
                    .append("orderId=").append(order.orderId())
                    .append(" customerId=").append(order.customerId())
                    .append(" total=").append(order.total())
                    .append(' ').append(StoreSchema.currencyName(order.currency()))
                    .append(" contact=").append(order.contact())
                    .append(" items=[");
                for (final OrderPlacedDecoder.Items item : order.items())
                {
                    out.append(item.index() == 0 ? "" : ", ")
                        .append(item.sku()).append('x').append(item.quantity()).append('@').append(item.unitPrice());
                }
                return out.append(']').toString();
            }
            if (StoreMessageTypes.isStoreType(type))
            {
                return new OrderEventCodec().wrap(message).appendTo(new StringBuilder()).toString();
            }
        }
        catch (final IllegalArgumentException ex)
        {
            return "undecodable: " + ex.getMessage();
        }
        return "payloadLength=" + message.payloadLength();
    }

    /**
     * Render a story as indented lines: sequence, +time since placed, fact, stage, cause and fields.
     *
     * @param entries from {@link #read(JournalReader, long)}.
     * @return one line per entry.
     */
    public static String format(final List<Entry> entries)
    {
        final StringBuilder out = new StringBuilder();
        for (final Entry entry : entries)
        {
            out.append(String.format("%10d  %+12.3f ms  ", entry.sequence(),
                entry.sincePlacedNs() < 0 ? 0.0 : entry.sincePlacedNs() / 1e6));
            out.append("  ".repeat(Math.max(0, entry.depth())));
            out.append(entry.typeName()).append(" by ").append(entry.stage());
            if (entry.causationId() != RecordDescriptor.NO_CAUSATION)
            {
                out.append(" (caused by ").append(entry.causationId()).append(')');
            }
            out.append("  ").append(entry.detail()).append('\n');
        }
        return out.toString();
    }
}
