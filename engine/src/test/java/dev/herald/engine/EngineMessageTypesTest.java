package dev.herald.engine;

import dev.herald.journal.RecordView;
import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.herald.engine.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class EngineMessageTypesTest
{
    private static final int FACTS = 50;

    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void shouldHandAStageOnlyItsTypesLiveInACatchUpAndInReplay() throws Exception
    {
        final Picky live = new Picky(TYPE_DERIVED);
        final Picky late = new Picky(TYPE_DERIVED);
        final Engine engine = Engine.launch(context(dir, new Failures())
            .stage(Stage.named("deriving").handler(new Deriving()))
            .stage(Stage.named("picky").handler(live).after("deriving")));
        for (int i = 0; i < FACTS; i++)
        {
            assertTrue(0 <= engine.publish(TYPE_FACT, VERSION, i, LONG, new MutableLong(i), 10, TimeUnit.SECONDS));
        }
        assertTrue(live.all.await(10, TimeUnit.SECONDS));
        engine.addStage(Stage.named("late").handler(late), 0);
        assertTrue(late.all.await(10, TimeUnit.SECONDS));
        engine.close();

        final List<Long> derived = new ArrayList<>();
        for (final Fact fact : readJournal(dir))
        {
            if (fact.type() == TYPE_DERIVED)
            {
                derived.add(fact.sequence());
            }
        }
        assertEquals(FACTS, derived.size());
        assertEquals(derived, live.sequences());
        assertEquals(derived, late.sequences());

        final Picky replayed = new Picky(TYPE_DERIVED);
        final Picky nothing = new Picky(99);
        assertEquals(2L * FACTS, Engine.replay(dir, 0, Long.MAX_VALUE, replayed, nothing));
        assertEquals(derived, replayed.sequences());
        assertEquals(1, replayed.batchEnds.get());
        assertEquals(List.of(), nothing.sequences());
        assertEquals(0, nothing.batchEnds.get(), "a batch that handed it nothing is not its batch");
    }

    @Test
    @Timeout(30)
    void shouldTickAStageThatIsHandedNothingWhileOtherFactsStreamPast()
    {
        final AtomicInteger ticks = new AtomicInteger();
        final Picky picky = new Picky(TYPE_DERIVED)
        {
            @Override
            public void onIdle(final Emitter emitter)
            {
                ticks.incrementAndGet();
            }
        };
        final Engine engine = Engine.launch(context(dir, new Failures())
            .threadLayout(ThreadLayout.INVOKER)
            .idleTickNs(TimeUnit.MILLISECONDS.toNanos(1))
            .stage(Stage.named("picky").handler(picky)));
        final MutableLong value = new MutableLong();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long published = 0;
        // Every duty cycle finds a fact the stage does not take, so it never runs out of facts; it must still tick.
        while (ticks.get() < 3 && System.nanoTime() < deadline)
        {
            if (engine.tryPublish(TYPE_FACT, VERSION, published, LONG, value) >= 0)
            {
                published++;
            }
            engine.invoker().invoke();
        }
        engine.close();

        assertTrue(ticks.get() >= 3, "idle ticks " + ticks.get() + " after " + published + " facts");
        assertEquals(List.of(), picky.sequences());
    }

    @Test
    @Timeout(30)
    void shouldRefuseAHandlerWithoutMessageTypesAtLaunch()
    {
        final Recording broken = new Recording()
        {
            @Override
            public MessageTypes messageTypes()
            {
                return null;
            }
        };
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> Engine.launch(context(dir, new Failures()).stage(Stage.named("broken").handler(broken))));
        assertEquals("invalid messageTypes=null for stage=broken, must be MessageTypes.ALL for every fact",
            refused.getMessage());
    }

    /** Takes one type only; counts down once it has been handed {@link #FACTS} of them. */
    private static class Picky extends Recording
    {
        final CountDownLatch all = new CountDownLatch(FACTS);
        final AtomicInteger batchEnds = new AtomicInteger();
        private final MessageTypes types;

        Picky(final int type)
        {
            this.types = MessageTypes.of(type);
        }

        @Override
        public MessageTypes messageTypes()
        {
            return types;
        }

        @Override
        public void onMessage(final RecordView message, final Emitter emitter) throws Exception
        {
            assertTrue(types.contains(message.messageType()), "handed a type it does not take");
            super.onMessage(message, emitter);
            all.countDown();
        }

        @Override
        public void onEndOfBatch()
        {
            batchEnds.incrementAndGet();
        }
    }
}
