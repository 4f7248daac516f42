package dev.herald.engine;

import dev.herald.journal.RecordView;
import org.agrona.collections.LongHashSet;
import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.herald.engine.TestSupport.Failures;
import static dev.herald.engine.TestSupport.InvokerDriver;
import static dev.herald.engine.TestSupport.LONG;
import static dev.herald.engine.TestSupport.TYPE_DERIVED;
import static dev.herald.engine.TestSupport.TYPE_FACT;
import static dev.herald.engine.TestSupport.VERSION;
import static dev.herald.engine.TestSupport.context;
import static dev.herald.engine.TestSupport.payload;
import static dev.herald.engine.TestSupport.readJournal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineResumeTest
{
    @TempDir
    Path dir;

    /**
     * Decides on every fact to announce a derived one, and knows a decision is settled once its derived fact comes
     * back; while {@code announce} is false it decides but does not announce, as a process that stopped between the
     * two would.
     */
    static final class Owing implements MessageHandler
    {
        final LongHashSet owed = new LongHashSet();
        final List<Boolean> replayFlags = new ArrayList<>();
        final MutableLong value = new MutableLong();
        volatile boolean announce;
        volatile int resumes;
        volatile int replayedBeforeResume = -1;
        volatile int owedAtResume = -1;

        Owing(final boolean announce)
        {
            this.announce = announce;
        }

        @Override
        public void onMessage(final RecordView message, final Emitter emitter)
        {
            replayFlags.add(emitter.isReplay());
            if (message.messageType() == TYPE_FACT)
            {
                owed.add(payload(message));
                if (!emitter.isReplay() && announce)
                {
                    value.set(payload(message));
                    emitter.emit(TYPE_DERIVED, VERSION, message.correlationId(), message.sequence(), LONG, value);
                }
            }
            else if (message.messageType() == TYPE_DERIVED)
            {
                owed.remove(payload(message));
            }
        }

        @Override
        public void onResume(final Emitter emitter)
        {
            resumes++;
            replayedBeforeResume = replayFlags.size();
            owedAtResume = owed.size();
            assertFalse(emitter.isReplay());
            final LongHashSet.LongIterator it = owed.iterator();
            while (it.hasNext())
            {
                value.set(it.nextValue());
                emitter.emit(TYPE_DERIVED, VERSION, value.get(), -1, LONG, value);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadLayout.class)
    @Timeout(30)
    void shouldRebuildTheStagesAndTakeUpOwedWorkWhenLaunchedOverAJournal(final ThreadLayout layout)
    {
        final Failures failures = new Failures();
        final Owing first = new Owing(true);
        try (Engine engine = Engine.launch(context(dir, failures).threadLayout(layout)
            .stage(Stage.named("s").handler(first))); InvokerDriver ignored = new InvokerDriver(engine))
        {
            assertFalse(engine.resumeReport().resumed());
            publish(engine, 0, 50);
            while (first.replayFlags.size() < 100)
            {
                Thread.onSpinWait();
            }
            first.announce = false;
            publish(engine, 50, 100);
        }
        assertEquals(1, first.resumes);
        assertEquals(0, first.replayedBeforeResume);
        assertEquals(50, first.owed.size(), "decided and never announced");

        final Owing second = new Owing(true);
        final long next;
        try (Engine engine = Engine.launch(context(dir, failures).threadLayout(layout)
            .stage(Stage.named("s").handler(second))); InvokerDriver ignored = new InvokerDriver(engine))
        {
            final ResumeReport report = engine.resumeReport();
            assertTrue(report.resumed());
            assertEquals(150, report.recordsReplayed());
            assertEquals(0, report.fromSequence());
            assertEquals(149, report.toSequence());
            next = engine.publish(TYPE_FACT, VERSION, 1000, LONG, new MutableLong(1000), 10, TimeUnit.SECONDS);
        }
        assertEquals(200, next, "live facts follow the journal and the 50 facts owed");
        assertEquals(1, second.resumes);
        assertEquals(150, second.replayedBeforeResume);
        assertEquals(50, second.owedAtResume);
        for (int i = 0; i < 150; i++)
        {
            assertTrue(second.replayFlags.get(i), "record " + i + " replayed");
        }
        assertTrue(second.owed.isEmpty(), "every decision announced once: " + second.owed);

        final LongHashSet derived = new LongHashSet();
        for (final TestSupport.Fact fact : readJournal(dir))
        {
            if (fact.type() == TYPE_DERIVED)
            {
                assertTrue(derived.add(fact.value()), "derived twice: " + fact);
            }
        }
        assertEquals(101, derived.size());
        assertTrue(failures.stages.isEmpty(), failures.throwables::toString);
    }

    @Test
    @Timeout(30)
    void shouldStartStagesEmptyWhenRebuildIsOff()
    {
        final Failures failures = new Failures();
        try (Engine engine = Engine.launch(context(dir, failures).stage(Stage.named("s").handler(new Owing(true)))))
        {
            publish(engine, 0, 10);
        }
        final Owing second = new Owing(true);
        try (Engine engine = Engine.launch(context(dir, failures).rebuild(false)
            .stage(Stage.named("s").handler(second))))
        {
            assertFalse(engine.resumeReport().resumed());
            assertEquals(20, engine.resumeReport().toSequence() + 1);
        }
        assertEquals(0, second.replayFlags.size());
        assertEquals(1, second.resumes);
    }

    @Test
    @Timeout(30)
    void shouldGiveALateStageItsLiveMomentOnceItHasCaughtUp() throws Exception
    {
        final Failures failures = new Failures();
        final Owing late = new Owing(false);
        try (Engine engine = Engine.launch(context(dir, failures).stage(Stage.named("s").handler(new Owing(false)))))
        {
            publish(engine, 0, 30);
            // publish returns once a fact is in the ring; the catch-up replays what the journal holds by then
            while (engine.durableSequence() < 29)
            {
                Thread.onSpinWait();
            }
            engine.addStage(Stage.named("late").handler(late), 0);
            while (late.resumes == 0)
            {
                Thread.onSpinWait();
            }
        }
        assertEquals(30, late.replayedBeforeResume);
        assertEquals(30, late.owedAtResume, "everything it replayed is owed: it never acted on it live");
    }

    private static void publish(final Engine engine, final int from, final int to)
    {
        final MutableLong value = new MutableLong();
        for (int i = from; i < to; i++)
        {
            value.set(i);
            assertTrue(engine.publish(TYPE_FACT, VERSION, i, LONG, value, 10, TimeUnit.SECONDS) >= 0);
        }
    }
}
