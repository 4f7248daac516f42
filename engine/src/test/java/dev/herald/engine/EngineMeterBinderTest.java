package dev.herald.engine;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.herald.engine.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class EngineMeterBinderTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void shouldShowTheEnginesCountersAsMeters() throws Exception
    {
        final int count = 500;
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final Engine engine = Engine.launch(context(dir, new Failures())
            .ringSize(64)
            .stage(Stage.named("a").handler(new Recording())));
        new EngineMeterBinder(engine, Tags.of("engine", "test")).bindTo(registry);
        for (int i = 0; i < count; i++)
        {
            assertTrue(0 <= engine.publish(TYPE_FACT, VERSION, i, LONG, new MutableLong(i), 10, TimeUnit.SECONDS));
        }
        engine.close();
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(EngineMeterBinder.REFRESH_NS) + 50); // past the cached snapshot

        assertEquals(64, registry.get("herald.engine.ring.capacity").tag("engine", "test").gauge().value());
        assertEquals(count - 1, registry.get("herald.engine.sequence.durable").gauge().value());
        assertEquals(count - 1, registry.get("herald.engine.sequence.appended").gauge().value());
        for (final String stage : new String[] { StageMetrics.JOURNAL, "a" })
        {
            assertEquals(count, registry.get("herald.engine.stage.processed").tag("stage", stage)
                .functionCounter().count(), stage);
            assertEquals(0, registry.get("herald.engine.stage.lag").tag("stage", stage).gauge().value(), stage);
            assertEquals(0, registry.get("herald.engine.stage.errors").tag("stage", stage).functionCounter().count());
            assertTrue(registry.get("herald.engine.stage.batches").tag("stage", stage).functionCounter().count() > 0);
        }
        final double p50 = registry.get("herald.engine.latency").tag("quantile", "0.5").timeGauge()
            .value(TimeUnit.NANOSECONDS);
        final double max = registry.get("herald.engine.latency.max").timeGauge().value(TimeUnit.NANOSECONDS);
        assertTrue(p50 > 0 && p50 <= max, p50 + " <= " + max);
    }
}
