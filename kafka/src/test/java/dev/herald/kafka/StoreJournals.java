package dev.herald.kafka;

import dev.herald.engine.Engine;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;
import dev.herald.journal.RecordView;
import dev.herald.store.InMemoryMailer;
import dev.herald.store.InMemoryPaymentGateway;
import dev.herald.store.InMemoryWarehouseClient;
import dev.herald.store.OrderGenerator;
import dev.herald.store.OrderPlacedEncoder;
import dev.herald.store.OrderRequest;
import dev.herald.store.Store;
import dev.herald.store.StoreMessageTypes;
import dev.herald.store.StoreSchema;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Store journals for the bridge's tests: a real store on a real engine, and the journal read back. */
final class StoreJournals
{
    private StoreJournals()
    {
    }

    /**
     * Run the store over {@code orders} generated orders, appending to the journal in {@code dir}.
     *
     * @return the journal's last sequence.
     */
    static long writeStoreJournal(final Path dir, final long orders, final long seed)
    {
        final OrderGenerator generator = new OrderGenerator(seed);
        final InMemoryPaymentGateway gateway = generator.declineInto(new InMemoryPaymentGateway());
        final Store store = new Store(generator.stockInto(new Store.Context()
            .paymentGateway(gateway).mailer(new InMemoryMailer()).warehouseClient(new InMemoryWarehouseClient())));
        final OrderRequest request = new OrderRequest();
        try (Engine engine = Engine.launch(store.addTo(new Engine.Context()
            .journal(new Journal.Context().directory(dir).applicationId(StoreSchema.APPLICATION_ID)))))
        {
            for (long i = 0; i < orders; i++)
            {
                generator.next(request);
                engine.publish(StoreMessageTypes.ORDER_PLACED, StoreSchema.SCHEMA_VERSION, request.orderId(),
                    OrderPlacedEncoder.INSTANCE, request, 10, TimeUnit.SECONDS);
            }
        }
        return lastSequence(dir);
    }

    /** A journal record as plain values, for comparing with what reached Kafka. */
    record Fact(long sequence, long timestamp, int type, short schema, short flags, long correlation, long causation,
        byte[] payload)
    {
    }

    /** @return every record of the journal. */
    static List<Fact> read(final Path dir)
    {
        final List<Fact> facts = new ArrayList<>();
        try (JournalReader reader = Journal.openReader(dir))
        {
            reader.replay(0, Long.MAX_VALUE, record ->
            {
                facts.add(fact(record));
                return true;
            });
        }
        return facts;
    }

    static long lastSequence(final Path dir)
    {
        final List<Fact> facts = read(dir);
        return facts.isEmpty() ? -1 : facts.get(facts.size() - 1).sequence();
    }

    static long journalId(final Path dir)
    {
        try (JournalReader reader = Journal.openReader(dir))
        {
            return reader.journalId();
        }
    }

    private static Fact fact(final RecordView record)
    {
        final byte[] payload = new byte[record.payloadLength()];
        record.buffer().getBytes(record.payloadOffset(), payload);
        return new Fact(record.sequence(), record.timestamp(), record.messageType(), record.schemaVersion(),
            record.flags(), record.correlationId(), record.causationId(), payload);
    }
}
