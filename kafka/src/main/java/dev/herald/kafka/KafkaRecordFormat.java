package dev.herald.kafka;

import dev.herald.journal.RecordView;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * How one journal record looks as a Kafka record, the one home of that layout (documented in {@code docs/kafka.md}).
 *
 * <pre>
 *   Kafka key       correlation id, int64 big-endian (what Kafka's LongSerializer writes), so one order's facts
 *                   share a partition and keep their journal order there
 *   Kafka value     the record's payload bytes, unchanged
 *   Kafka timestamp the record's timestamp in milliseconds (CreateTime)
 *   Kafka headers, every value big-endian:
 *     herald.journal     int64  journal id (the segment headers' id): which journal the record came from
 *     herald.sequence    int64  journal sequence, gap-free within one journal
 *     herald.type        int32  message type
 *     herald.schema      int16  schema version of the payload
 *     herald.flags       int16  header flags
 *     herald.causation   int64  causation id, -1 for an original fact
 *     herald.timestamp   int64  timestamp, epoch nanoseconds
 *   and, only for a fact that came from a Kafka source (its frame carries a source position):
 *     herald.source.partition  int32  the partition it was read from
 *     herald.source.offset     int64  its offset there
 * </pre>
 *
 * <p>Threading: stateless; every method may be called from any thread.
 */
public final class KafkaRecordFormat
{
    /** Header: the journal id. */
    public static final String JOURNAL = "herald.journal";
    /** Header: the journal sequence. */
    public static final String SEQUENCE = "herald.sequence";
    /** Header: the message type. */
    public static final String TYPE = "herald.type";
    /** Header: the payload's schema version. */
    public static final String SCHEMA = "herald.schema";
    /** Header: the header flags. */
    public static final String FLAGS = "herald.flags";
    /** Header: the causation id. */
    public static final String CAUSATION = "herald.causation";
    /** Header: the timestamp in epoch nanoseconds. */
    public static final String TIMESTAMP = "herald.timestamp";
    /** Header: the source partition of a fact from a Kafka source. */
    public static final String SOURCE_PARTITION = "herald.source.partition";
    /** Header: the source offset of a fact from a Kafka source. */
    public static final String SOURCE_OFFSET = "herald.source.offset";

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private KafkaRecordFormat()
    {
    }

    /**
     * @param record    a journal record.
     * @param journalId the id of its journal.
     * @return the Kafka headers of it.
     */
    public static Headers headers(final RecordView record, final long journalId)
    {
        final RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(JOURNAL, longBytes(journalId)));
        headers.add(new RecordHeader(SEQUENCE, longBytes(record.sequence())));
        headers.add(new RecordHeader(TYPE, intBytes(record.messageType())));
        headers.add(new RecordHeader(SCHEMA, shortBytes(record.schemaVersion())));
        headers.add(new RecordHeader(FLAGS, shortBytes(record.flags())));
        headers.add(new RecordHeader(CAUSATION, longBytes(record.causationId())));
        headers.add(new RecordHeader(TIMESTAMP, longBytes(record.timestamp())));
        if (record.hasSourcePosition())
        {
            headers.add(new RecordHeader(SOURCE_PARTITION, intBytes(record.sourcePartition())));
            headers.add(new RecordHeader(SOURCE_OFFSET, longBytes(record.sourceOffset())));
        }
        return headers;
    }

    /** @return the Kafka key of a record: its correlation id. */
    public static byte[] key(final RecordView record)
    {
        return longBytes(record.correlationId());
    }

    /** @return the Kafka value of a record: a copy of its payload. */
    public static byte[] value(final RecordView record)
    {
        final byte[] value = new byte[record.payloadLength()];
        record.buffer().getBytes(record.payloadOffset(), value);
        return value;
    }

    /** @return the Kafka timestamp of a record, in milliseconds. */
    public static long timestampMs(final RecordView record)
    {
        return Math.floorDiv(record.timestamp(), NANOS_PER_MILLI);
    }

    /**
     * @param headers of a Kafka record.
     * @param name    one of this class's header names.
     * @return its int64 value, or {@code missing} when the header is absent or not 8 bytes long.
     */
    public static long longHeader(final Headers headers, final String name, final long missing)
    {
        final Header header = headers.lastHeader(name);
        if (null == header || null == header.value() || header.value().length != Long.BYTES)
        {
            return missing;
        }
        return decodeLong(header.value());
    }

    /**
     * @param headers   of a Kafka record.
     * @param journalId a journal id.
     * @return whether the record was exported from that journal.
     */
    public static boolean isFrom(final Headers headers, final long journalId)
    {
        final Header header = headers.lastHeader(JOURNAL);
        return null != header && null != header.value() && header.value().length == Long.BYTES &&
            decodeLong(header.value()) == journalId;
    }

    /** @return a big-endian int64 read from the first eight bytes. */
    public static long decodeLong(final byte[] bytes)
    {
        return decode(bytes, Long.BYTES);
    }

    /** @return a big-endian int32 read from the first four bytes. */
    public static int decodeInt(final byte[] bytes)
    {
        return (int)decode(bytes, Integer.BYTES);
    }

    private static long decode(final byte[] bytes, final int length)
    {
        long value = 0;
        for (int i = 0; i < length; i++)
        {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        return value;
    }

    /** @return a big-endian int64, as Kafka's {@code LongSerializer} writes it (the key of a record). */
    public static byte[] longBytes(final long value)
    {
        final byte[] bytes = new byte[Long.BYTES];
        for (int i = Long.BYTES - 1, v = 0; i >= 0; i--, v += 8)
        {
            bytes[i] = (byte)(value >>> v);
        }
        return bytes;
    }

    private static byte[] intBytes(final int value)
    {
        return new byte[] { (byte)(value >>> 24), (byte)(value >>> 16), (byte)(value >>> 8), (byte)value };
    }

    private static byte[] shortBytes(final short value)
    {
        return new byte[] { (byte)(value >>> 8), (byte)value };
    }
}
