package dev.herald.engine;

import dev.herald.journal.RecordView;
import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.herald.engine.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class EngineDeliveryTest
{
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "dedicated, blocking", "dedicated, sleeping", "shared, adaptive", "shared, busy-spin",
        "shared-stages, yielding", "shared-stages, adaptive", "invoker, adaptive" })
    @Timeout(60)
    void shouldDeliverEveryFactToEveryStageExactlyOnceInSequenceOrder(final String layout, final String waitStrategy)
        throws Exception
    {
        final int publishers = 2;
        final int perPublisher = 5_000 * SCALE;
        final Failures failures = new Failures();
        final Recording[] handlers = { new Recording(), new Recording(), new Recording() };
        final Engine engine = Engine.launch(context(dir, failures)
            .threadLayout(ThreadLayout.fromAlias(layout))
            .waitStrategy(WaitStrategy.fromAlias(waitStrategy))
            .stage(Stage.named("a").handler(handlers[0]))
            .stage(Stage.named("b").handler(handlers[1]))
            .stage(Stage.named("c").handler(handlers[2]).after("a", "b")));
        final InvokerDriver driver = new InvokerDriver(engine);

        final CyclicBarrier barrier = new CyclicBarrier(publishers);
        final List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++)
        {
            final long publisher = p;
            final Thread thread = new Thread(() ->
            {
                final MutableLong value = new MutableLong();
                try
                {
                    barrier.await();
                }
                catch (final Exception ex)
                {
                    throw new IllegalStateException(ex);
                }
                for (int i = 0; i < perPublisher; i++)
                {
                    value.set(i);
                    assertTrue(0 <= engine.publish(TYPE_FACT, VERSION, publisher, LONG, value, 10, TimeUnit.SECONDS));
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        driver.close();
        engine.close();

        final int total = publishers * perPublisher;
        final List<Fact> journal = readJournal(dir);
        assertEquals(total, journal.size());
        for (final Recording handler : handlers)
        {
            assertEquals(range(0, total), handler.sequences());
            assertTrue(handler.started);
            assertTrue(handler.shutdown);
        }
        assertEquals(journal, handlers[0].facts);

        // each publisher's facts arrive in the order that publisher published them
        final Map<Long, Long> nextValue = new HashMap<>();
        for (final Fact fact : handlers[2].facts)
        {
            final long expected = nextValue.getOrDefault(fact.correlationId(), 0L);
            assertEquals(expected, fact.value());
            nextValue.put(fact.correlationId(), expected + 1);
        }
        assertTrue(failures.throwables.isEmpty(), failures.throwables::toString);
    }

    @Test
    @Timeout(30)
    void shouldRunAfterStagesOnlyOnceEveryDependencyHasFinishedTheFact()
    {
        final AtomicLong paymentDone = new AtomicLong(-1);
        final AtomicLong inventoryDone = new AtomicLong(-1);
        final AtomicLong violations = new AtomicLong();
        final AtomicLong seen = new AtomicLong();

        final MessageHandler payment = (message, emitter) -> paymentDone.set(message.sequence());
        final MessageHandler inventory = (message, emitter) -> inventoryDone.set(message.sequence());
        final MessageHandler email = (message, emitter) ->
        {
            seen.incrementAndGet();
            if (paymentDone.get() < message.sequence() || inventoryDone.get() < message.sequence())
            {
                violations.incrementAndGet();
            }
        };

        final int count = 5_000 * SCALE;
        final Engine engine = Engine.launch(context(dir, new Failures())
            .ringSize(16)
            .threadLayout(ThreadLayout.DEDICATED)
            .stage(Stage.named("payment").handler(payment))
            .stage(Stage.named("inventory").handler(inventory))
            .stage(Stage.named("email").handler(email).after("payment", "inventory")));
        final MutableLong value = new MutableLong();
        for (int i = 0; i < count; i++)
        {
            value.set(i);
            assertTrue(0 <= engine.publish(TYPE_FACT, VERSION, i, LONG, value, 10, TimeUnit.SECONDS));
        }
        engine.close();

        assertEquals(count, seen.get());
        assertEquals(0, violations.get());
    }

    @Test
    @Timeout(60)
    void shouldGiveTheSameResultsInEveryThreadLayout() throws Exception
    {
        final Map<String, List<String>> dedicated = runLayout(dir.resolve("dedicated"), ThreadLayout.DEDICATED, null);
        final Map<String, List<String>> named = runLayout(dir.resolve("named"), ThreadLayout.DEDICATED, "shared-1");
        assertEquals(3 * 2 * 1_000 * SCALE, dedicated.get("journal").size());
        assertEquals(dedicated, named);
        for (final ThreadLayout layout : ThreadLayout.values())
        {
            assertEquals(dedicated, runLayout(dir.resolve("all-" + layout.alias()), layout, null), layout.alias());
        }
    }

    private Map<String, List<String>> runLayout(final Path dir, final ThreadLayout layout, final String thread)
        throws InterruptedException
    {
        final Recording payment = new Deriving();
        final Recording email = new Recording();
        final Recording analytics = new Deriving();
        final Engine engine = Engine.launch(context(dir, new Failures())
            .ringSize(8)
            .threadLayout(layout)
            .stage(Stage.named("payment").handler(payment).thread(thread))
            .stage(Stage.named("email").handler(email).after("payment").thread(thread))
            .stage(Stage.named("analytics").handler(analytics).thread(thread)));
        final InvokerDriver driver = new InvokerDriver(engine);
        final int count = 2_000 * SCALE;
        final MutableLong value = new MutableLong();
        for (int i = 0; i < count; i++)
        {
            value.set(i);
            assertTrue(0 <= engine.publish(TYPE_FACT, VERSION, i, LONG, value, 10, TimeUnit.SECONDS));
        }
        driver.close();
        engine.close();

        // Derived facts interleave by timing, so compare what each stage saw as a sorted list of
        // (type, correlation, value) plus, for derived facts, the type and correlation of their cause.
        final List<Fact> journal = readJournal(dir);
        final Map<String, List<String>> result = new HashMap<>();
        result.put("journal", describe(journal, journal));
        result.put("payment", describe(payment.facts, journal));
        result.put("email", describe(email.facts, journal));
        result.put("analytics", describe(analytics.facts, journal));
        for (final Recording handler : List.of(payment, email, analytics))
        {
            final List<Long> sequences = handler.sequences();
            assertEquals(range(0, journal.size()), sequences,
                () -> layout + ": " + sequences.size() + " of " + journal.size() + " sequences");
        }
        return result;
    }

    private static List<String> describe(final List<Fact> facts, final List<Fact> journal)
    {
        final List<String> described = new ArrayList<>();
        for (final Fact fact : facts)
        {
            String cause = "-";
            if (fact.causationId() >= 0)
            {
                final Fact causing = journal.get((int)fact.causationId());
                cause = causing.type() + "/" + causing.correlationId();
            }
            described.add(fact.type() + "/" + fact.correlationId() + "/" + fact.value() + "<-" + cause);
        }
        described.sort(null);
        return described;
    }

    @Test
    @Timeout(30)
    void shouldHandViewsOfTheRecordLayout()
    {
        final Recording handler = new Recording();
        final List<Long> timestamps = new ArrayList<>();
        final Engine engine = Engine.launch(context(dir, new Failures())
            .stage(Stage.named("check").handler(handler))
            .stage(Stage.named("time").handler((RecordView message, Emitter emitter) ->
                timestamps.add(message.timestamp()))));
        final long before = System.currentTimeMillis() * 1_000_000L;
        assertTrue(0 <= engine.tryPublish(TYPE_FACT, VERSION, 42L, LONG, new MutableLong(7)));
        engine.close();
        final long after = System.currentTimeMillis() * 1_000_000L + 1_000_000L;

        assertEquals(List.of(new Fact(0, TYPE_FACT, 42L, -1L, 7L, false)), handler.facts);
        assertEquals(1, timestamps.size());
        assertTrue(timestamps.get(0) >= before - 1_000_000L && timestamps.get(0) <= after, timestamps::toString);
        assertEquals(handler.facts, readJournal(dir));
    }
}
