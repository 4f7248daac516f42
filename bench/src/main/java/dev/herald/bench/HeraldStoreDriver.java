package dev.herald.bench;

import dev.herald.engine.Engine;
import dev.herald.engine.Stage;
import dev.herald.engine.ThreadLayout;
import dev.herald.store.OrderGenerator;
import dev.herald.store.OrderPlacedEncoder;
import dev.herald.store.OrderRequest;
import dev.herald.store.Store;
import dev.herald.store.StoreMessageTypes;
import dev.herald.store.StoreSchema;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The full store topology on Herald: journal stage (page cache) then the reactions as stages, durable gating,
 * on threads as the given layout says.
 */
public final class HeraldStoreDriver extends StoreDriver
{
    private final Path dir;
    private final Engine engine;

    /**
     * @param generator orders, also used to set stock and declined cards.
     * @param ringSize  slots in the ring.
     * @param layout    the engine's threads.
     * @param expectedOrders orders the reactions pre-size their state for.
     */
    public HeraldStoreDriver(
        final OrderGenerator generator, final int ringSize, final ThreadLayout layout, final int expectedOrders)
    {
        super(generator, expectedOrders);
        dir = TempDirectory.create("herald-store");
        final Engine.Context context = new Engine.Context()
            .ringSize(ringSize)
            .maxMessageLength(Store.MIN_MAX_MESSAGE_LENGTH)
            .threadLayout(layout)
            .journal(JournalSink.context(dir).applicationId(StoreSchema.APPLICATION_ID));
        final String[] names = stageNames();
        for (int i = 0; i < handlers.length; i++)
        {
            context.stage(Stage.named(names[i]).handler(handlers[i]));
        }
        engine = Engine.launch(context);
    }

    @Override
    public void place(final OrderRequest order)
    {
        if (engine.publish(StoreMessageTypes.ORDER_PLACED, StoreSchema.SCHEMA_VERSION, order.orderId(),
            OrderPlacedEncoder.INSTANCE, order, 60, TimeUnit.SECONDS) < 0)
        {
            throw new IllegalStateException("ring stayed full for 60s at orderId=" + order.orderId());
        }
        published++;
    }

    @Override
    public void close()
    {
        engine.close();
        TempDirectory.delete(dir);
    }
}
