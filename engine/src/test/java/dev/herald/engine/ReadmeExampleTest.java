package dev.herald.engine;

import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;
import dev.herald.journal.RecordView;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedding example of the README, compiled and run here so it cannot rot.
 */
class ReadmeExampleTest
{
    @TempDir
    Path dir;

    // README-BEGIN
    static final int ORDER_PLACED = 1;
    static final int RECEIPT_SENT = 2;

    record Order(long id, long amountCents)
    {
    }

    /** Writes an order's amount into the ring slot; stateless, so publishing allocates nothing. */
    enum OrderEncoder implements PayloadEncoder<Order>
    {
        INSTANCE;

        @Override
        public void validate(final Order order)
        {
            if (order.amountCents() <= 0)
            {
                throw new IllegalArgumentException("invalid amountCents=" + order.amountCents() + ", must be > 0");
            }
        }

        @Override
        public int encode(final Order order, final MutableDirectBuffer buffer, final int offset, final int maxLength)
        {
            buffer.putLong(offset, order.amountCents(), LITTLE_ENDIAN);
            return Long.BYTES;
        }
    }

    /** Sends a receipt for each order (live only) and announces it as a derived fact. */
    static final class ReceiptHandler implements MessageHandler
    {
        final AtomicLong receiptsSent = new AtomicLong();

        @Override
        public void onMessage(final RecordView message, final Emitter emitter)
        {
            if (message.messageType() == ORDER_PLACED && !emitter.isReplay())
            {
                receiptsSent.incrementAndGet(); // a side effect: never repeated in replay
                // correlation (the order id) is inherited; causation is this message's sequence
                emitter.emit(RECEIPT_SENT, (short)1, OrderEncoder.INSTANCE, new Order(message.correlationId(),
                    message.buffer().getLong(message.payloadOffset(), LITTLE_ENDIAN)));
            }
        }
    }

    void runExample(final Path journalDir) throws Exception
    {
        final ReceiptHandler receipts = new ReceiptHandler();
        final AtomicLong revenueCents = new AtomicLong();
        final MessageHandler revenue = (message, emitter) ->
        {
            if (message.messageType() == ORDER_PLACED)
            {
                revenueCents.addAndGet(message.buffer().getLong(message.payloadOffset(), LITTLE_ENDIAN));
            }
        };

        try (Engine engine = Engine.launch(new Engine.Context()
            .ringSize(1024)
            .journal(new Journal.Context().directory(journalDir).durability(DurabilityPolicy.PER_BATCH))
            .stage(Stage.named("revenue").handler(revenue))
            .stage(Stage.named("receipts").handler(receipts).after("revenue"))))
        {
            engine.publish(ORDER_PLACED, (short)1, 123L, OrderEncoder.INSTANCE, new Order(123L, 4_999),
                1, TimeUnit.SECONDS);
            engine.tryPublish(ORDER_PLACED, (short)1, 124L, OrderEncoder.INSTANCE, new Order(124L, 1_500));
        } // close() drains: both orders and both receipts are journaled and handled

        System.out.println("revenue " + revenueCents.get() + ", receipts " + receipts.receiptsSent.get());

        // Rebuild state from the journal: same handler code, emitters inert, no receipt sent twice.
        final AtomicLong replayedRevenue = new AtomicLong();
        final long records = Engine.replay(journalDir, 0, Long.MAX_VALUE, (message, emitter) ->
        {
            if (message.messageType() == ORDER_PLACED)
            {
                replayedRevenue.addAndGet(message.buffer().getLong(message.payloadOffset(), LITTLE_ENDIAN));
            }
        }, receipts);
        System.out.println(records + " records replayed, revenue " + replayedRevenue.get());
    }
    // README-END

    @Test
    @Timeout(30)
    void shouldRunTheReadmeExample() throws Exception
    {
        runExample(dir);

        assertEquals(4, TestSupport.readJournal(dir).size());
        final AtomicLong receipts = new AtomicLong();
        assertEquals(4, Engine.replay(dir, 0, Long.MAX_VALUE, (message, emitter) ->
        {
            if (message.messageType() == RECEIPT_SENT)
            {
                assertEquals(message.correlationId() == 123L ? 0 : 1, message.causationId());
                receipts.incrementAndGet();
            }
        }));
        assertEquals(2, receipts.get());
        assertTrue(TestSupport.readJournal(dir).stream().allMatch((fact) -> fact.value() > 0));
    }

    @Test
    void shouldMatchTheSnippetInTheReadme() throws Exception
    {
        final List<String> readme = trimmedLines(Files.readString(Path.of("..", "README.md")));
        final String source = Files.readString(Path.of("src", "test", "java", "dev", "herald", "engine",
            "ReadmeExampleTest.java"));
        final List<String> snippet = trimmedLines(
            source.substring(source.indexOf("// README-BEGIN") + 15, source.indexOf("    // README-END")));
        final int start = readme.indexOf(snippet.get(0));
        assertTrue(start >= 0, "README.md lacks the embedding example");
        assertEquals(snippet, readme.subList(start, Math.min(readme.size(), start + snippet.size())),
            "README.md's embedding example differs from this test's");
    }

    private static List<String> trimmedLines(final String text)
    {
        return text.lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();
    }
}
