package dev.herald.engine;

import dev.herald.journal.RecordView;
import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import static dev.herald.engine.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Random topologies (stage count, {@code after} edges, thread sharing, ring size, gating, emit rates): every stage
 * sees every journaled fact once, in order, never before the stages it runs after, and every derived fact has
 * its cause.
 */
class EngineTopologyFuzzTest
{
    @TempDir
    Path dir;

    static LongStream seeds()
    {
        return LongStream.rangeClosed(1, 6L * SCALE);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    @Timeout(60)
    void shouldKeepEveryDeliveryInvariantOnARandomTopology(final long seed) throws InterruptedException
    {
        final Random random = new Random(seed);
        final int stageCount = 1 + random.nextInt(5);
        final List<Checking> handlers = new ArrayList<>();
        final Engine.Context context = context(dir, new Failures())
            .ringSize(1 << (1 + random.nextInt(6)))
            .gating(random.nextBoolean() ? Gating.DURABLE : Gating.BESIDE_JOURNAL)
            .threadLayout(ThreadLayout.values()[random.nextInt(ThreadLayout.values().length)])
            .waitStrategy(WaitStrategy.values()[random.nextInt(3)]);
        for (int i = 0; i < stageCount; i++)
        {
            final List<Checking> dependencies = new ArrayList<>();
            for (final Checking earlier : handlers)
            {
                if (random.nextInt(3) == 0)
                {
                    dependencies.add(earlier);
                }
            }
            final Checking handler = new Checking(dependencies, random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0);
            handlers.add(handler);
            final Stage stage = Stage.named("s" + i).handler(handler)
                .after(dependencies.stream().map((d) -> d.name).toArray(String[]::new));
            handler.name = "s" + i;
            if (random.nextInt(3) == 0)
            {
                stage.thread("t" + random.nextInt(2));
            }
            context.stage(stage);
        }

        final int count = 1_000;
        final Engine engine = Engine.launch(context);
        final InvokerDriver driver = new InvokerDriver(engine);
        final MutableLong value = new MutableLong();
        for (int i = 0; i < count; i++)
        {
            value.set(i);
            assertTrue(0 <= engine.publish(TYPE_FACT, VERSION, i, LONG, value, 20, TimeUnit.SECONDS));
        }
        driver.close();
        engine.close();

        final List<Fact> journal = readJournal(dir);
        long expectedDerived = 0;
        for (final Checking handler : handlers)
        {
            expectedDerived += (long)handler.emitsPerFact * count;
        }
        assertEquals(count + expectedDerived, journal.size(), context.stages()::toString);
        for (final Checking handler : handlers)
        {
            assertEquals(range(0, journal.size()), handler.sequences(), handler.name);
            assertEquals(0, handler.violations.get(), handler.name);
        }
        for (final Fact fact : journal)
        {
            if (fact.type() == TYPE_DERIVED)
            {
                final Fact cause = journal.get((int)fact.causationId());
                assertEquals(TYPE_FACT, cause.type());
                assertEquals(cause.correlationId(), fact.correlationId());
            }
        }
    }

    private static final class Checking extends Recording
    {
        final List<Checking> dependencies;
        final int emitsPerFact;
        final AtomicLong done = new AtomicLong(-1);
        final AtomicLong violations = new AtomicLong();
        final MutableLong value = new MutableLong();
        String name;

        Checking(final List<Checking> dependencies, final int emitsPerFact)
        {
            this.dependencies = dependencies;
            this.emitsPerFact = emitsPerFact;
        }

        @Override
        public void onMessage(final RecordView message, final Emitter emitter) throws Exception
        {
            super.onMessage(message, emitter);
            for (final Checking dependency : dependencies)
            {
                if (dependency.done.get() < message.sequence())
                {
                    violations.incrementAndGet();
                }
            }
            if (message.messageType() == TYPE_FACT)
            {
                for (int i = 0; i < emitsPerFact; i++)
                {
                    value.set(i);
                    emitter.emit(TYPE_DERIVED, VERSION, LONG, value);
                }
            }
            done.set(message.sequence());
        }
    }
}
