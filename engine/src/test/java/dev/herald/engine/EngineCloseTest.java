package dev.herald.engine;

import dev.herald.journal.RecordView;
import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.herald.engine.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class EngineCloseTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void shouldDrainEverythingPublishedBeforeClose() throws Exception
    {
        final int count = 3_000 * SCALE;
        final Recording deriving = new Deriving();
        final Recording slowish = new Recording()
        {
            @Override
            public void onMessage(final RecordView message, final Emitter emitter) throws Exception
            {
                super.onMessage(message, emitter);
                if (message.sequence() % 500 == 0)
                {
                    Thread.yield();
                }
            }
        };
        final Engine engine = Engine.launch(context(dir, new Failures())
            .ringSize(16)
            .stage(Stage.named("drain-deriving").handler(deriving))
            .stage(Stage.named("drain-slowish").handler(slowish).after("drain-deriving")));
        for (int i = 0; i < count; i++)
        {
            assertTrue(0 <= engine.publish(TYPE_FACT, VERSION, i, LONG, new MutableLong(i), 10, TimeUnit.SECONDS));
        }
        engine.close();

        assertEquals(2 * count, readJournal(dir).size());
        assertEquals(range(0, 2 * count), deriving.sequences());
        assertEquals(range(0, 2 * count), slowish.sequences());
        assertTrue(deriving.shutdown && slowish.shutdown);
        assertFalse(threadAlive("herald-drain-deriving"));
        assertFalse(threadAlive("herald-drain-slowish"));
        assertEquals(2L * count - 1, engine.durableSequence());
    }

    @Test
    @Timeout(30)
    void shouldReportWhatWasLeftWhenCloseTimesOut() throws Exception
    {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Engine engine = Engine.launch(context(dir, new Failures())
            .threadLayout(ThreadLayout.DEDICATED)
            .stage(Stage.named("stuck").handler((message, emitter) ->
            {
                entered.countDown();
                release.await();
            }))
            .stage(Stage.named("fine").handler(new Recording())));
        for (int i = 0; i < 3; i++)
        {
            assertTrue(0 <= engine.tryPublish(TYPE_FACT, VERSION, i, LONG, new MutableLong(i)));
        }
        entered.await();

        final EngineCloseException timeout = assertThrows(EngineCloseException.class,
            () -> engine.close(200, TimeUnit.MILLISECONDS));
        assertTrue(timeout.getMessage().contains("stuck lag=3"), timeout.getMessage());
        assertTrue(timeout.getMessage().contains("fine lag=0"), timeout.getMessage());
        assertTrue(timeout.getMessage().contains("threads not stopped: herald-stuck"), timeout.getMessage());
        assertEquals(3, timeout.leftOver().stage("stuck").lag());
        assertEquals(Engine.CLOSED, engine.tryPublish(TYPE_FACT, VERSION, 9, LONG, new MutableLong(9)));

        release.countDown();
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.getName().equals("herald-stuck"))
            {
                thread.join();
            }
        }
        assertEquals(3, readJournal(dir).size());
    }

    @Test
    @Timeout(60)
    void shouldDrainOrRefuseEveryPublishThatRacesWithClose() throws Exception
    {
        final int publishers = 2;
        final Recording recording = new Recording();
        final Engine engine = Engine.launch(context(dir, new Failures())
            .ringSize(16)
            .stage(Stage.named("race").handler(recording)));
        final CountDownLatch running = new CountDownLatch(publishers);
        final List<List<Long>> accepted = new ArrayList<>();
        final List<Long> inDoubt = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++)
        {
            final List<Long> mine = new ArrayList<>();
            accepted.add(mine);
            final long base = p * 1_000_000_000L;
            final Thread thread = new Thread(() ->
            {
                final MutableLong value = new MutableLong();
                for (long i = 0; true; i++)
                {
                    value.set(base + i);
                    try
                    {
                        if (engine.publish(TYPE_FACT, VERSION, base, LONG, value, 10, TimeUnit.SECONDS) >= 0)
                        {
                            mine.add(value.get());
                        }
                    }
                    catch (final IllegalStateException ex)
                    {
                        if (ex.getMessage().startsWith("engine closed while publishing"))
                        {
                            inDoubt.add(value.get());
                        }
                        return;
                    }
                    if (i == 1_000)
                    {
                        running.countDown();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        running.await();
        engine.close();
        for (final Thread thread : threads)
        {
            thread.join();
        }

        final Set<Long> journaled = new HashSet<>();
        for (final Fact fact : readJournal(dir))
        {
            journaled.add(fact.value());
        }
        final Set<Long> published = new HashSet<>(inDoubt);
        for (final List<Long> mine : accepted)
        {
            assertTrue(journaled.containsAll(mine), "a publish that returned true was lost");
            published.addAll(mine);
        }
        assertTrue(published.containsAll(journaled), "the journal holds a fact nobody published");
        assertEquals(journaled.size(), recording.facts.size());
    }

    private static boolean threadAlive(final String name)
    {
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.getName().equals(name) && thread.isAlive())
            {
                return true;
            }
        }
        return false;
    }
}
