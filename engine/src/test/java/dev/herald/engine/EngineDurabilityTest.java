package dev.herald.engine;

import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.RecordView;
import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static dev.herald.engine.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class EngineDurabilityTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void shouldNeverShowAStageASequenceAboveTheDurableSequencePerBatch()
    {
        assertNoStageRunsAheadOfDurability(DurabilityPolicy.PER_BATCH, 1_000 * SCALE);
    }

    @Test
    @Timeout(60)
    void shouldNeverShowAStageASequenceAboveTheDurableSequenceOnAnInterval()
    {
        assertNoStageRunsAheadOfDurability(DurabilityPolicy.interval(2, TimeUnit.MILLISECONDS), 1_000 * SCALE);
    }

    private void assertNoStageRunsAheadOfDurability(final DurabilityPolicy policy, final int count)
    {
        final AtomicReference<Engine> engineRef = new AtomicReference<>();
        final AtomicLong violations = new AtomicLong();
        final AtomicLong seen = new AtomicLong();
        final MessageHandler check = (message, emitter) ->
        {
            seen.incrementAndGet();
            if (message.sequence() > engineRef.get().durableSequence())
            {
                violations.incrementAndGet();
            }
        };
        final CountDownLatch ready = new CountDownLatch(1);
        final Engine engine = Engine.launch(context(dir, new Failures())
            .journal(journal(dir).durability(policy))
            .stage(Stage.named("a").handler((message, emitter) ->
            {
                ready.await();
                check.onMessage(message, emitter);
            }))
            .stage(Stage.named("b").handler(check).after("a")));
        engineRef.set(engine);
        ready.countDown();
        for (int i = 0; i < count; i++)
        {
            assertTrue(0 <= engine.publish(TYPE_FACT, VERSION, i, LONG, new MutableLong(i), 10, TimeUnit.SECONDS));
        }
        engine.close();

        assertEquals(2L * count, seen.get());
        assertEquals(0, violations.get());
        assertEquals(count - 1, engine.durableSequence());
    }

    @Test
    @Timeout(30)
    void shouldMakeAnIdleTailDurableOnAnIntervalWithoutFurtherAppends() throws Exception
    {
        final CountDownLatch handled = new CountDownLatch(5);
        final Engine engine = Engine.launch(context(dir, new Failures())
            .journal(journal(dir).durability(DurabilityPolicy.interval(20, TimeUnit.MILLISECONDS)))
            .stage(Stage.named("a").handler((RecordView message, Emitter emitter) -> handled.countDown())));
        for (int i = 0; i < 5; i++)
        {
            assertTrue(0 <= engine.tryPublish(TYPE_FACT, VERSION, i, LONG, new MutableLong(i)));
        }
        assertTrue(handled.await(10, TimeUnit.SECONDS));
        assertEquals(4, engine.durableSequence());
        engine.close();
    }

    @Test
    @Timeout(30)
    void shouldRunConsumersBesideTheJournalWhenAsked()
    {
        final Recording recording = new Recording();
        final Engine engine = Engine.launch(context(dir, new Failures())
            .gating(Gating.BESIDE_JOURNAL)
            .journal(journal(dir).durability(DurabilityPolicy.PER_BATCH))
            .stage(Stage.named("a").handler(recording))
            .stage(Stage.named("b").handler(new Deriving()).after("a")));
        for (int i = 0; i < 200; i++)
        {
            assertTrue(0 <= engine.publish(TYPE_FACT, VERSION, i, LONG, new MutableLong(i), 10, TimeUnit.SECONDS));
        }
        engine.close();

        assertEquals(range(0, 400), recording.sequences());
        assertEquals(recording.facts, readJournal(dir));
    }
}
