package dev.herald.kafka;

import dev.herald.engine.Engine;
import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;
import dev.herald.journal.RecordDescriptor;
import dev.herald.store.InMemoryMailer;
import dev.herald.store.InMemoryPaymentGateway;
import dev.herald.store.InMemoryWarehouseClient;
import dev.herald.store.OrderGenerator;
import dev.herald.store.OrderPlacedDecoder;
import dev.herald.store.OrderPlacedEncoder;
import dev.herald.store.OrderRequest;
import dev.herald.store.Store;
import dev.herald.store.StoreMessageTypes;
import dev.herald.store.StoreSchema;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Orders on a topic, a store engine with source positions, and the journal's view of what it took in. */
final class SourceSupport
{
    private SourceSupport()
    {
    }

    /** @return the order as the bytes of a Kafka record's value: an OrderPlaced payload. */
    static byte[] orderBytes(final OrderRequest request)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[OrderPlacedDecoder.MAX_PAYLOAD_LENGTH]);
        final int length = OrderPlacedEncoder.INSTANCE.encode(request, buffer, 0, buffer.capacity());
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    /** Produce {@code count} generated orders (duplicates among them, as the generator makes), keyed by order id. */
    static void produceOrders(final String topic, final long count, final long seed)
    {
        produce(topic, orderRecords(count, seed), 0);
    }

    /** @return {@code count} generated orders as Kafka keys and values: {key, value} pairs. */
    static List<byte[][]> orderRecords(final long count, final long seed)
    {
        final OrderGenerator generator = new OrderGenerator(seed);
        final OrderRequest request = new OrderRequest();
        final List<byte[][]> records = new ArrayList<>();
        for (long i = 0; i < count; i++)
        {
            generator.next(request);
            records.add(new byte[][] { KafkaRecordFormat.longBytes(request.orderId()), orderBytes(request) });
        }
        return records;
    }

    /** Produce {key, value} pairs, pausing {@code pauseMs} after every ten (0: none). */
    static void produce(final String topic, final List<byte[][]> records, final long pauseMs)
    {
        try (KafkaProducer<byte[], byte[]> producer = producer())
        {
            int sent = 0;
            for (final byte[][] record : records)
            {
                producer.send(new ProducerRecord<>(topic, record[0], record[1]));
                if (pauseMs > 0 && ++sent % 10 == 0)
                {
                    producer.flush();
                    Thread.sleep(pauseMs);
                }
            }
            producer.flush();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Produce records as given, to partition 0. */
    static void produceRaw(final String topic, final byte[]... values) throws Exception
    {
        try (KafkaProducer<byte[], byte[]> producer = producer())
        {
            for (final byte[] value : values)
            {
                producer.send(new ProducerRecord<>(topic, 0, null, value));
            }
            producer.flush();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() throws Exception
    {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers()),
            new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A store engine over {@code journal}, with the stage that keeps the source positions. */
    static Engine launchStore(final Path journal, final SourcePositions positions)
    {
        final OrderGenerator generator = new OrderGenerator(1);
        final Store store = new Store(generator.stockInto(new Store.Context()
            .paymentGateway(new InMemoryPaymentGateway()).mailer(new InMemoryMailer())
            .warehouseClient(new InMemoryWarehouseClient())));
        return Engine.launch(store.addTo(new Engine.Context()
            .stage(positions.stage())
            .journal(new Journal.Context().directory(journal).applicationId(StoreSchema.APPLICATION_ID)
                .durability(DurabilityPolicy.PER_BATCH))));
    }

    /** What the journal took in from a source: one entry per sourced fact. */
    record Taken(int partition, long offset, int type, long orderId)
    {
    }

    static List<Taken> taken(final Path journal)
    {
        final List<Taken> taken = new ArrayList<>();
        try (JournalReader reader = Journal.openReader(journal))
        {
            reader.replay(0, Long.MAX_VALUE, record ->
            {
                if (record.hasSourcePosition())
                {
                    final long orderId = record.messageType() == StoreMessageTypes.ORDER_PLACED ?
                        new OrderPlacedDecoder().wrap(record).orderId() : record.correlationId();
                    taken.add(new Taken(record.sourcePartition(), record.sourceOffset(), record.messageType(),
                        orderId));
                }
                return true;
            });
        }
        return taken;
    }

    static boolean isFailure(final Taken taken)
    {
        return taken.type() == RecordDescriptor.TYPE_HANDLER_FAILED;
    }
}
