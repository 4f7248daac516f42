package dev.herald.engine;

import dev.herald.journal.RecordView;
import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.herald.engine.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class EngineCatchUpTest
{
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ThreadLayout.class)
    @Timeout(60)
    void shouldCatchUpFromTheJournalAndJoinLiveWithNoGapAndNoDuplicate(final ThreadLayout layout) throws Exception
    {
        final int count = 20_000 * SCALE;
        final Failures failures = new Failures();
        final Recording live = new Deriving();
        final Recording late = new Recording();
        final Engine engine = Engine.launch(context(dir, failures)
            .ringSize(32)
            .threadLayout(layout)
            .stage(Stage.named("live").handler(live)));
        final InvokerDriver driver = new InvokerDriver(engine);

        final CountDownLatch quarter = new CountDownLatch(1);
        final AtomicReference<Throwable> publisherFailure = new AtomicReference<>();
        final Thread publisher = new Thread(() ->
        {
            try
            {
                final MutableLong value = new MutableLong();
                for (int i = 0; i < count; i++)
                {
                    value.set(i);
                    assertTrue(0 <= engine.publish(TYPE_FACT, VERSION, i, LONG, value, 20, TimeUnit.SECONDS));
                    if (i == count / 4)
                    {
                        quarter.countDown();
                    }
                }
            }
            catch (final Throwable throwable)
            {
                publisherFailure.set(throwable);
            }
        });
        publisher.start();
        quarter.await();
        engine.addStage(Stage.named("late").handler(late), 0);
        publisher.join();
        driver.close();
        engine.close();

        assertNull(publisherFailure.get());
        assertTrue(failures.throwables.isEmpty(), failures.throwables::toString);
        final List<Fact> journal = readJournal(dir);
        assertEquals(2 * count, journal.size());
        assertEquals(range(0, journal.size()), late.sequences());
        assertEquals(range(0, journal.size()), live.sequences());

        int replayed = 0;
        boolean live2 = false;
        for (int i = 0; i < late.facts.size(); i++)
        {
            final Fact fact = late.facts.get(i);
            assertEquals(journal.get(i).type(), fact.type());
            assertEquals(journal.get(i).value(), fact.value());
            if (fact.replay())
            {
                assertFalse(live2, "replayed fact after a live one at " + i);
                replayed++;
            }
            else
            {
                live2 = true;
            }
        }
        assertTrue(replayed > count / 4, "replayed " + replayed);
        assertFalse(engine.metrics().stage("late").catchingUp());
    }

    @Test
    @Timeout(30)
    void shouldNotHoldTheProducerBackWhileReplaying() throws Exception
    {
        final CountDownLatch replaying = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Recording late = new Recording()
        {
            @Override
            public void onMessage(final RecordView message, final Emitter emitter) throws Exception
            {
                if (emitter.isReplay() && message.sequence() == 0)
                {
                    replaying.countDown();
                    release.await();
                }
                super.onMessage(message, emitter);
            }
        };
        // The late stage gets a thread of its own, so its replay cannot hold the journal stage's thread.
        final Engine engine = Engine.launch(context(dir, new Failures())
            .ringSize(16)
            .threadLayout(ThreadLayout.DEDICATED)
            .stage(Stage.named("live").handler(new Recording())));
        for (int i = 0; i < 100; i++)
        {
            assertTrue(0 <= engine.publish(TYPE_FACT, VERSION, i, LONG, new MutableLong(i), 10, TimeUnit.SECONDS));
        }
        engine.addStage(Stage.named("late").handler(late), 0);
        replaying.await();
        assertTrue(engine.metrics().stage("late").catchingUp());
        for (int i = 100; i < 200; i++)
        {
            assertTrue(0 <= engine.publish(TYPE_FACT, VERSION, i, LONG, new MutableLong(i), 10, TimeUnit.SECONDS));
        }
        release.countDown();
        engine.close();

        // the stage chased the journal past what was there when it started, then went on live (if anything was left)
        assertEquals(range(0, 200), late.sequences());
        int replayed = 0;
        while (replayed < late.facts.size() && late.facts.get(replayed).replay())
        {
            replayed++;
        }
        assertTrue(replayed >= 100, "replayed " + replayed);
        for (int i = replayed; i < late.facts.size(); i++)
        {
            assertFalse(late.facts.get(i).replay(), "replayed fact after a live one at " + i);
        }
    }

    @Test
    @Timeout(30)
    void shouldCatchUpAcrossARestartFromAnySequence()
    {
        final Engine first = Engine.launch(context(dir, new Failures()));
        for (int i = 0; i < 50; i++)
        {
            assertTrue(0 <= first.tryPublish(TYPE_FACT, VERSION, i, LONG, new MutableLong(i)));
        }
        first.close();

        final Recording fromZero = new Recording();
        final Recording fromMiddle = new Recording();
        final Recording fromFuture = new Recording();
        final Engine second = Engine.launch(context(dir, new Failures()));
        for (int i = 50; i < 60; i++)
        {
            assertTrue(0 <= second.tryPublish(TYPE_FACT, VERSION, i, LONG, new MutableLong(i)));
        }
        second.addStage(Stage.named("from-zero").handler(fromZero), 0);
        second.addStage(Stage.named("from-middle").handler(fromMiddle).after("from-zero"), 42);
        second.addStage(Stage.named("from-future").handler(fromFuture), 75);
        assertThrows(IllegalArgumentException.class,
            () -> second.addStage(Stage.named("from-zero").handler(new Recording()), 0));
        for (int i = 60; i < 100; i++)
        {
            assertTrue(0 <= second.publish(TYPE_FACT, VERSION, i, LONG, new MutableLong(i), 10, TimeUnit.SECONDS));
        }
        second.close();

        assertEquals(range(0, 100), fromZero.sequences());
        assertEquals(range(42, 100), fromMiddle.sequences());
        assertEquals(range(75, 100), fromFuture.sequences());
        for (final Fact fact : fromZero.facts)
        {
            assertEquals(fact.sequence(), fact.value());
        }
        assertTrue(fromZero.facts.get(0).replay());
        assertReplayedThenLive(fromZero.facts);
        assertReplayedThenLive(fromMiddle.facts);
        assertReplayedThenLive(fromFuture.facts);
    }

    private static void assertReplayedThenLive(final List<Fact> facts)
    {
        boolean live = false;
        for (final Fact fact : facts)
        {
            assertFalse(live && fact.replay(), "replayed fact after a live one: " + fact);
            live |= !fact.replay();
        }
    }
}
