package dev.herald.engine;

import dev.herald.journal.RecordView;
import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.herald.engine.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class EngineReplayTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void shouldReplayThroughTheSameHandlersWithInertEmitters()
    {
        final Recording live = new Deriving();
        final Engine engine = Engine.launch(context(dir, new Failures())
            .idleTickNs(1_000_000)
            .stage(Stage.named("deriving").handler(live)));
        for (int i = 0; i < 100; i++)
        {
            assertTrue(0 <= engine.publish(TYPE_FACT, VERSION, i, LONG, new MutableLong(i), 10, TimeUnit.SECONDS));
        }
        engine.close();
        final List<Fact> journal = readJournal(dir);
        assertEquals(200, journal.size());

        final AtomicInteger idles = new AtomicInteger();
        final AtomicInteger batchEnds = new AtomicInteger();
        final Deriving replayed = new Deriving()
        {
            @Override
            public void onIdle(final Emitter emitter)
            {
                idles.incrementAndGet();
            }

            @Override
            public void onEndOfBatch()
            {
                batchEnds.incrementAndGet();
            }
        };
        final Recording second = new Recording();
        final long count = Engine.replay(dir, 0, Long.MAX_VALUE, replayed, second);

        assertEquals(200, count);
        assertEquals(200, replayed.facts.size());
        assertEquals(live.facts.size(), replayed.facts.size());
        for (int i = 0; i < 200; i++)
        {
            final Fact was = live.facts.get(i);
            final Fact now = replayed.facts.get(i);
            assertFalse(was.replay());
            assertTrue(now.replay());
            assertEquals(new Fact(was.sequence(), was.type(), was.correlationId(), was.causationId(), was.value(),
                true), now);
        }
        assertEquals(replayed.facts, second.facts);
        assertEquals(0, idles.get());
        assertEquals(1, batchEnds.get());
        assertTrue(replayed.started && replayed.shutdown);
        assertEquals(journal, readJournal(dir), "replay must not append anything");
    }

    @Test
    @Timeout(30)
    void shouldReplayARangeAndIsolateFailures()
    {
        final Engine engine = Engine.launch(context(dir, new Failures()));
        for (int i = 0; i < 20; i++)
        {
            assertTrue(0 <= engine.tryPublish(TYPE_FACT, VERSION, i, LONG, new MutableLong(i)));
        }
        engine.close();

        final List<Long> seen = new ArrayList<>();
        final Failures failures = new Failures();
        final MessageHandler thrower = (RecordView message, Emitter emitter) ->
        {
            throw new IllegalStateException("replay failure " + message.sequence());
        };
        final long count = Engine.replay(dir, 5, 9, failures, thrower,
            (RecordView message, Emitter emitter) -> seen.add(message.sequence()));

        assertEquals(5, count);
        assertEquals(range(5, 10), seen);
        assertEquals(5, failures.throwables.size());
        assertEquals("handler-0", failures.stages.get(0));
    }
}
