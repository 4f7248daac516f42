package dev.herald.store;

import dev.herald.engine.Engine;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The store example of the README, compiled and run here so it cannot rot. */
class StoreReadmeExampleTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldRunTheStoreExample()
    {
        // README-BEGIN
        final Store store = new Store(new Store.Context().stock(1001, 50));   // in-memory ports by default
        try (Engine engine = Engine.launch(store.addTo(new Engine.Context()
            .journal(new Journal.Context().directory(dir).applicationId(StoreSchema.APPLICATION_ID)))))
        {
            final OrderRequest order = new OrderRequest().orderId(42).customerId(7).currency("EUR")
                .contact("ada@example.com").addItem(1001, 2, 1_250).computeTotal();
            engine.publish(StoreMessageTypes.ORDER_PLACED, StoreSchema.SCHEMA_VERSION, order.orderId(),
                OrderPlacedEncoder.INSTANCE, order, 1, TimeUnit.SECONDS);
        }   // close() drains: payment, stock, receipt, shipment, points and analytics have all reacted

        // Replay the journal into fresh reactions: same state, and no card charged or mail sent again.
        final Store fresh = new Store(new Store.Context().stock(1001, 50));
        Engine.replay(dir, 0, Long.MAX_VALUE, fresh.handlers());
        System.out.println(fresh.digest().equals(store.digest()) + " " + store.digest());

        // What happened to order 42?
        try (JournalReader reader = Journal.openReader(dir))
        {
            System.out.print(OrderTrace.format(OrderTrace.read(reader, 42)));
        }
        // README-END

        assertEquals(store.digest(), fresh.digest());
        assertEquals(OrderLifecycleReaction.COMPLETED, store.orders().terminalState(42));
        assertEquals(48, store.inventory().available(1001));
        try (JournalReader reader = Journal.openReader(dir))
        {
            final List<OrderTrace.Entry> story = OrderTrace.read(reader, 42);
            assertEquals(7, story.size());
        }
    }
}
