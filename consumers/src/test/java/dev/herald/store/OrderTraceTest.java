package dev.herald.store;

import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;
import dev.herald.journal.JournalWriter;
import dev.herald.journal.RecordDescriptor;
import dev.herald.journal.RecordView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.herald.store.TestFacts.*;
import static org.junit.jupiter.api.Assertions.*;

class OrderTraceTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadAnOrdersStoryInCausalOrderFromTheJournal() throws Exception
    {
        final StoreHarness harness = new StoreHarness(new Store.Context().stock(500, 10).stock(501, 0));
        final TestBus bus = harness.bus();
        place(bus, order(1, 7, 500, 2, 2_500));
        place(bus, order(2, 8, 501, 1, 100));
        place(bus, order(3, 9, 500, 1, 100));
        bus.drainRoundRobin();
        journal(bus);

        final List<OrderTrace.Entry> story;
        final List<OrderTrace.Entry> cancelled;
        try (JournalReader reader = Journal.openReader(dir))
        {
            story = OrderTrace.read(reader, 1);
            cancelled = OrderTrace.read(reader, 2);
        }

        assertEquals(7, story.size());
        assertEquals("OrderPlaced", story.get(0).typeName());
        assertEquals(StoreMessageTypes.PRODUCER, story.get(0).stage());
        assertEquals(0, story.get(0).depth());
        assertEquals(0, story.get(0).sincePlacedNs());
        for (int i = 1; i < story.size(); i++)
        {
            final OrderTrace.Entry entry = story.get(i);
            assertTrue(entry.sequence() > story.get(i - 1).sequence(), "causal order");
            assertTrue(entry.sincePlacedNs() > 0);
            assertTrue(entry.depth() >= 1);
            assertNotEquals(RecordDescriptor.NO_CAUSATION, entry.causationId());
            assertEquals(StoreMessageTypes.announcedBy(entry.messageType()), entry.stage());
        }
        final OrderTrace.Entry receipt = story.stream().filter(e -> e.typeName().equals("ReceiptEmailed"))
            .findFirst().orElseThrow();
        assertEquals(Store.STAGE_EMAIL, receipt.stage());
        assertEquals(3, receipt.depth(), "OrderPlaced -> Payment|Inventory -> OrderCompleted -> receipt");

        assertTrue(cancelled.stream().anyMatch(e -> e.typeName().equals("OrderCancelled") &&
            e.detail().contains("reason=out-of-stock")), OrderTrace.format(cancelled));
        final String text = OrderTrace.format(story);
        assertTrue(text.contains("OrderPlaced by producer"), text);
        assertTrue(text.contains("contact=c7@example.com"), text);
    }

    @Test
    void shouldReturnNothingForAnUnknownOrder() throws Exception
    {
        final TestBus bus = new TestBus();
        place(bus, order(1, 7, 500, 2, 2_500));
        journal(bus);
        try (JournalReader reader = Journal.openReader(dir))
        {
            assertTrue(OrderTrace.read(reader, 99).isEmpty());
        }
    }

    private void journal(final TestBus bus)
    {
        try (JournalWriter writer = Journal.openWriter(new Journal.Context().directory(dir).segmentLength(1 << 16)
            .durability(DurabilityPolicy.PAGE_CACHE).applicationId(StoreSchema.APPLICATION_ID)))
        {
            for (long s = 0; s < bus.size(); s++)
            {
                final RecordView frame = bus.frame(s);
                assertEquals(s, writer.append(frame.buffer(), frame.offset(), frame.frameLength()));
            }
        }
    }
}
