package dev.herald.store;

import dev.herald.engine.Engine;
import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The child of {@link StoreCrashTest}: runs the store over a journal with per-batch durability and ledger ports,
 * a deduplication window of 1,024 orders (so state is forgotten across kills too) and a snapshot every 500
 * records a reaction handles (so most resumes start from snapshots, some taken moments before the kill), resuming
 * whatever the journal holds, and publishes the seeded order stream from where the journal ends up to a
 * total. Prints {@code start K} (orders found in the journal), {@code published N} every 50 orders, and, once it
 * has published them all and closed, {@code done DIGEST OPEN}.
 */
public final class StoreCrashMain
{
    private StoreCrashMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path journal = Path.of(args[0]);
        final Path ledger = Path.of(args[1]);
        final long total = Long.parseLong(args[2]);
        final long seed = Long.parseLong(args[3]);

        final OrderGenerator generator = new OrderGenerator(seed);
        try (LedgerPorts ports = new LedgerPorts(ledger, generator))
        {
            final Store store = new Store(generator.stockInto(new Store.Context()
                .paymentGateway(ports).mailer(ports).warehouseClient(ports).window(1024, Long.MAX_VALUE)));
            final Engine engine = Engine.launch(store.addTo(new Engine.Context().snapshotEvery(500, 0)
                .journal(new Journal.Context().directory(journal).applicationId(StoreSchema.APPLICATION_ID)
                    .durability(DurabilityPolicy.PER_BATCH))));
            final long placed = store.placedRecords();
            System.out.println("start " + placed + " " + engine.resumeReport().snapshotsLoaded());
            final OrderRequest request = new OrderRequest();
            for (long i = 0; i < placed; i++)
            {
                generator.next(request);
            }
            for (long n = placed; n < total; n++)
            {
                generator.next(request);
                if (engine.publish(StoreMessageTypes.ORDER_PLACED, StoreSchema.SCHEMA_VERSION, request.orderId(),
                    OrderPlacedEncoder.INSTANCE, request, 10, TimeUnit.SECONDS) < 0)
                {
                    throw new IllegalStateException("back-pressured for 10 s");
                }
                if (n % 50 == 49)
                {
                    System.out.println("published " + (n + 1));
                }
            }
            engine.close();
            System.out.println("done " + Long.toHexString(store.digest().value()) + " " + store.orders().open());
        }
    }
}
