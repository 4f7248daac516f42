package dev.herald.engine;

import dev.herald.journal.DurabilityPolicy;
import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.herald.engine.TestSupport.*;
import static dev.herald.engine.ThreadLayout.*;
import static org.junit.jupiter.api.Assertions.*;

class ThreadLayoutTest
{
    @TempDir
    Path dir;

    @Test
    void shouldPickALayoutThatFitsTheMachine()
    {
        final DurabilityPolicy cache = DurabilityPolicy.PAGE_CACHE;
        final DurabilityPolicy batch = DurabilityPolicy.PER_BATCH;
        assertEquals(SHARED, forMachine(2, cache, 7, WaitStrategy.ADAPTIVE));
        assertEquals(SHARED_STAGES, forMachine(2, batch, 7, WaitStrategy.ADAPTIVE));
        assertEquals(SHARED, forMachine(2, batch, 7, WaitStrategy.BUSY_SPIN), "two spinning threads on two cores");
        assertEquals(SHARED_STAGES, forMachine(4, batch, 7, WaitStrategy.BUSY_SPIN));
        assertEquals(DEDICATED, forMachine(9, cache, 7, WaitStrategy.BUSY_SPIN), "a core each plus the publisher's");
        assertEquals(SHARED, forMachine(8, cache, 7, WaitStrategy.BUSY_SPIN));
    }

    @Test
    void shouldCountTheThreadsOfALayoutAndParkAtOnceWhenTheyLeaveNoCoreToThePublisher()
    {
        final java.util.List<Stage> stages = java.util.List.of(Stage.named("a"), Stage.named("b"),
            Stage.named("c").thread("t"), Stage.named("d").thread("t"));
        assertEquals(0, EngineThreads.threadCount(INVOKER, stages));
        assertEquals(2, EngineThreads.threadCount(SHARED, stages), "herald-shared and the named t");
        assertEquals(3, EngineThreads.threadCount(SHARED_STAGES, stages));
        assertEquals(4, EngineThreads.threadCount(DEDICATED, stages), "journal, a, b and t");

        final int cores = Runtime.getRuntime().availableProcessors();
        final Engine.Context shared = new Engine.Context().journal(journal(dir)).threadLayout(SHARED).conclude();
        assertEquals(cores >= 2 ? WaitStrategy.ADAPTIVE : WaitStrategy.BLOCKING, shared.waitStrategy());
        final Engine.Context two = new Engine.Context().journal(journal(dir)).threadLayout(SHARED_STAGES)
            .stage(Stage.named("a").handler((message, emitter) -> { })).conclude();
        assertEquals(cores >= 3 ? WaitStrategy.ADAPTIVE : WaitStrategy.BLOCKING, two.waitStrategy());
        assertEquals(WaitStrategy.SLEEPING, new Engine.Context().journal(journal(dir)).threadLayout(SHARED_STAGES)
            .waitStrategy(WaitStrategy.SLEEPING).conclude().waitStrategy(), "a choice is kept");
    }

    @Test
    void shouldNameLayoutsAndWaitStrategiesByAlias()
    {
        for (final ThreadLayout layout : values())
        {
            assertEquals(layout, fromAlias(layout.alias()));
        }
        assertEquals("shared-stages", SHARED_STAGES.alias());
        for (final WaitStrategy strategy : WaitStrategy.values())
        {
            assertEquals(strategy, WaitStrategy.fromAlias(strategy.alias()));
        }
        assertEquals(WaitStrategy.BUSY_SPIN, WaitStrategy.fromAlias("busy-spin"));
        assertEquals("blocking", WaitStrategy.BLOCKING.newIdleStrategy(new Doorbell(true), null).alias());
        assertTrue(WaitStrategy.YIELDING.burnsCore());
        assertFalse(WaitStrategy.ADAPTIVE.burnsCore());
    }

    @Test
    @Timeout(30)
    void shouldRunNoThreadOfItsOwnUnderTheInvoker()
    {
        final Recording recording = new Recording();
        final Engine engine = Engine.launch(context(dir, new Failures())
            .threadLayout(INVOKER)
            .stage(Stage.named("r").handler(recording)));
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            assertFalse(thread.getName().startsWith("herald-") && !thread.getName().contains("preallocator"),
                thread.getName());
        }
        assertTrue(recording.started, "onStart ran on the launching thread");

        assertTrue(0 <= engine.tryPublish(TYPE_FACT, VERSION, 1, LONG, new MutableLong(1)));
        assertTrue(recording.facts.isEmpty(), "nothing moves until the application invokes the duty cycle");
        while (recording.facts.isEmpty())
        {
            engine.invoker().invoke();
        }

        final Recording late = new Recording();
        engine.addStage(Stage.named("late").handler(late), 0);
        final IllegalStateException pending = assertThrows(IllegalStateException.class,
            () -> engine.addStage(Stage.named("later").handler(new Recording()), 0));
        assertTrue(pending.getMessage().contains("call invoker().invoke() first"), pending.getMessage());
        engine.invoker().invoke();
        engine.addStage(Stage.named("later").handler(new Recording()), 0);

        assertTrue(0 <= engine.tryPublish(TYPE_FACT, VERSION, 2, LONG, new MutableLong(2)));
        engine.close();
        assertEquals(range(0, 2), recording.sequences());
        assertEquals(range(0, 2), late.sequences(), "the close drove the duty cycle until everything was handled");
        assertTrue(late.shutdown);
    }

    @Test
    @Timeout(30)
    void shouldSplitTheStagesInHalvesOverTwoThreadsWithTheJournalOnTheFirst() throws InterruptedException
    {
        final java.util.List<Stage> five = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            five.add(Stage.named("s" + i));
        }
        assertEquals(2, EngineThreads.threadCount(SPLIT, five));
        assertEquals(3, EngineThreads.threadCount(SPLIT,
            java.util.List.of(Stage.named("a"), Stage.named("b").thread("t"))),
            "of three participants the journal alone is the first half; a on herald-stages; b names its own thread");
        assertEquals(2, EngineThreads.threadCount(SPLIT, java.util.List.of(Stage.named("a"), Stage.named("b"),
            Stage.named("c"))), "the journal and a, then b and c");

        final ThreadRecording[] stages = new ThreadRecording[5];
        Engine.Context context = context(dir, new Failures()).threadLayout(SPLIT);
        for (int i = 0; i < stages.length; i++)
        {
            stages[i] = new ThreadRecording();
            context = context.stage(Stage.named("s" + i).handler(stages[i]));
        }
        final Engine engine = Engine.launch(context);
        final ThreadRecording late = new ThreadRecording();
        engine.addStage(Stage.named("late").handler(late), 0);
        for (int i = 0; i < 100; i++)
        {
            assertTrue(0 <= engine.publish(TYPE_FACT, VERSION, i, LONG, new MutableLong(i), 1, TimeUnit.SECONDS));
        }
        engine.close();

        for (int i = 0; i < stages.length; i++)
        {
            assertEquals(i < 2 ? "herald-shared" : "herald-stages", stages[i].thread,
                "stage s" + i + " of six participants");
            assertEquals(range(0, 100), stages[i].sequences());
        }
        assertEquals("herald-stages", late.thread, "a stage added later joins the second half");
        assertEquals(range(0, 100), late.sequences());
    }

    /** Remembers the thread it runs on. */
    private static final class ThreadRecording extends Recording
    {
        volatile String thread;

        @Override
        public void onStart()
        {
            super.onStart();
            thread = Thread.currentThread().getName();
        }
    }

    @Test
    @Timeout(30)
    void shouldBoundTheBatchOfEachStagePerDutyCycle()
    {
        final Recording recording = new Recording();
        final Engine engine = Engine.launch(context(dir, new Failures())
            .threadLayout(INVOKER)
            .batchLimit(3)
            .stage(Stage.named("r").handler(recording)));
        for (int i = 0; i < 10; i++)
        {
            assertTrue(0 <= engine.publish(TYPE_FACT, VERSION, i, LONG, new MutableLong(i), 1, TimeUnit.SECONDS));
        }
        engine.invoker().invoke();
        assertEquals(10, engine.metrics().stage("journal").processed(),
            "the journal commits everything published as one batch: the limit would multiply its fdatasyncs");
        assertEquals(3, recording.facts.size(), "one duty cycle: the journal's batch, then the stage's three");
        engine.invoker().invoke();
        assertEquals(6, recording.facts.size());
        engine.close();
        assertEquals(3, engine.metrics().stage("r").maxBatch());
        assertEquals(10, engine.metrics().stage("journal").maxBatch());
        assertEquals(range(0, 10), recording.sequences());
    }
}
