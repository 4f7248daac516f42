package dev.herald.engine;

import com.lmax.disruptor.dsl.ProducerType;
import dev.herald.journal.RecordView;
import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.herald.engine.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class EngineEmitTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void shouldNotDeadlockOrDropWhenEveryHandlerEmitsIntoAFullRing()
    {
        final int count = 2_000 * SCALE;
        final Recording[] handlers = { new Deriving(), new Deriving(), new Deriving() };
        final Failures failures = new Failures();
        final Engine engine = Engine.launch(context(dir, failures)
            .ringSize(4)
            .stage(Stage.named("payment").handler(handlers[0]))
            .stage(Stage.named("inventory").handler(handlers[1]))
            .stage(Stage.named("loyalty").handler(handlers[2]).after("payment")));
        final MutableLong value = new MutableLong();
        for (int i = 0; i < count; i++)
        {
            value.set(i);
            assertTrue(0 <= engine.publish(TYPE_FACT, VERSION, i, LONG, value, 20, TimeUnit.SECONDS));
        }
        engine.close();

        final List<Fact> journal = readJournal(dir);
        assertEquals(4 * count, journal.size());
        for (final Recording handler : handlers)
        {
            assertEquals(journal, handler.facts);
        }

        final Map<Long, Integer> derivedPerCause = new HashMap<>();
        for (final Fact fact : journal)
        {
            if (fact.type() == TYPE_DERIVED)
            {
                final Fact cause = journal.get((int)fact.causationId());
                assertEquals(TYPE_FACT, cause.type());
                assertEquals(cause.correlationId(), fact.correlationId());
                assertEquals(cause.value(), fact.value());
                assertTrue(fact.sequence() > cause.sequence());
                derivedPerCause.merge(cause.sequence(), 1, Integer::sum);
            }
        }
        assertEquals(count, derivedPerCause.size());
        assertTrue(derivedPerCause.values().stream().allMatch((n) -> n == 3), derivedPerCause::toString);
        assertTrue(engine.metrics().ringFullCount() > 0);
        assertTrue(failures.throwables.isEmpty(), failures.throwables::toString);
    }

    @Test
    @Timeout(30)
    void shouldKeepDerivedFactsOfOneStageInEmitOrder()
    {
        final int count = 500 * SCALE;
        final Engine engine = Engine.launch(context(dir, new Failures())
            .ringSize(2)
            .stage(Stage.named("burst").handler(new MessageHandler()
            {
                private final MutableLong value = new MutableLong();

                @Override
                public void onMessage(final RecordView message, final Emitter emitter)
                {
                    if (message.messageType() == TYPE_FACT)
                    {
                        for (int i = 0; i < 5; i++)
                        {
                            value.set(payload(message) * 10 + i);
                            emitter.emit(TYPE_DERIVED, VERSION, LONG, value);
                        }
                    }
                }
            })));
        for (int i = 0; i < count; i++)
        {
            assertTrue(0 <= engine.publish(TYPE_FACT, VERSION, i, LONG, new MutableLong(i), 20, TimeUnit.SECONDS));
        }
        engine.close();

        long expected = 0;
        int derived = 0;
        for (final Fact fact : readJournal(dir))
        {
            if (fact.type() == TYPE_DERIVED)
            {
                assertEquals(expected, fact.value());
                expected = fact.value() % 10 == 4 ? fact.value() + 6 : fact.value() + 1;
                derived++;
            }
        }
        assertEquals(5 * count, derived);
    }

    @Test
    @Timeout(30)
    void shouldRejectEmitsUnderASingleProducerAndStillCountTheFailure()
    {
        final Failures failures = new Failures();
        final Recording after = new Recording();
        final Engine engine = Engine.launch(context(dir, failures)
            .producerType(ProducerType.SINGLE)
            .stage(Stage.named("deriving").handler(new Deriving()))
            .stage(Stage.named("after").handler(after).after("deriving")));
        for (int i = 0; i < 3; i++)
        {
            assertTrue(0 <= engine.tryPublish(TYPE_FACT, VERSION, i, LONG, new MutableLong(i)));
        }
        engine.close();

        assertEquals(3, failures.throwables.size());
        assertEquals("emit needs producerType=MULTI, this engine runs producerType=SINGLE",
            failures.throwables.get(0).getMessage());
        assertEquals(3, readJournal(dir).size());
        assertEquals(range(0, 3), after.sequences());
    }

    @Test
    @Timeout(30)
    void shouldRejectNegativeMessageTypesFromHandlers()
    {
        final Failures failures = new Failures();
        final Engine engine = Engine.launch(context(dir, failures)
            .stage(Stage.named("sneaky").handler((message, emitter) ->
            {
                if (message.messageType() == TYPE_FACT)
                {
                    emitter.emit(-2, VERSION, LONG, new MutableLong(1));
                }
            })));
        assertTrue(0 <= engine.tryPublish(TYPE_FACT, VERSION, 1, LONG, new MutableLong(1)));
        engine.close();

        assertEquals(1, failures.throwables.size());
        assertTrue(failures.throwables.get(0).getMessage().startsWith("invalid messageType=-2"));
    }
}
