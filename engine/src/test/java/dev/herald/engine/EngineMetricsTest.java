package dev.herald.engine;

import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.herald.engine.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class EngineMetricsTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void shouldCountPerStageAndRecordEndToEndLatency()
    {
        final int count = 1_000;
        final Engine engine = Engine.launch(context(dir, new Failures())
            .ringSize(32)
            .stage(Stage.named("a").handler(new Recording()))
            .stage(Stage.named("b").handler(new Recording()).after("a")));
        for (int i = 0; i < count; i++)
        {
            assertTrue(0 <= engine.publish(TYPE_FACT, VERSION, i, LONG, new MutableLong(i), 10, TimeUnit.SECONDS));
        }
        final EngineMetrics during = engine.metrics();
        engine.close();
        final EngineMetrics metrics = engine.metrics();

        assertTrue(during.latencyNs().getTotalCount() <= count);
        assertEquals(count - 1, metrics.cursor());
        assertEquals(count - 1, metrics.journaledSequence());
        assertEquals(count - 1, metrics.durableSequence());
        assertEquals(32, metrics.ringCapacity());
        assertEquals(32, metrics.ringRemaining());
        assertNull(metrics.holdingBack());
        assertEquals(List.of("journal", "a", "b"), metrics.stages().stream().map(StageMetrics::name).toList());
        for (final StageMetrics stage : metrics.stages())
        {
            assertEquals(count, stage.processed(), stage::toString);
            assertEquals(count - 1, stage.sequence());
            assertEquals(0, stage.lag());
            assertEquals(0, stage.errors());
            assertEquals(0, stage.overflow());
            assertTrue(stage.batches() >= count / 32 && stage.batches() <= count, stage::toString);
            assertTrue(stage.maxBatch() >= 1 && stage.maxBatch() <= 32, stage::toString);
            assertEquals((double)count / stage.batches(), stage.meanBatch(), 1e-9);
        }
        assertEquals(count, metrics.latencyNs().getTotalCount());
        assertTrue(metrics.latencyNs().getMinValue() > 0);
    }
}
