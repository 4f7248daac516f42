package dev.herald.engine;

import dev.herald.journal.RecordDescriptor;
import dev.herald.journal.RecordView;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.herald.engine.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class EnginePublishTest
{
    @TempDir
    Path dir;

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Recording recording = new Recording();
    private final MessageHandler slow = new Recording()
    {
        @Override
        public void onMessage(final RecordView message, final Emitter emitter) throws Exception
        {
            entered.countDown();
            release.await();
            super.onMessage(message, emitter);
        }
    };

    @AfterEach
    void releaseSlowStage()
    {
        release.countDown();
    }

    @Test
    @Timeout(30)
    void shouldReturnFalseFromTryPublishWhenTheRingIsFullAndLoseNothing() throws Exception
    {
        final Engine engine = Engine.launch(context(dir, new Failures())
            .ringSize(8)
            .stage(Stage.named("fast").handler(recording))
            .stage(Stage.named("slow").handler(slow)));
        final MutableLong value = new MutableLong();

        int accepted = 0;
        for (int i = 0; i < 8; i++)
        {
            value.set(i);
            assertTrue(0 <= engine.tryPublish(TYPE_FACT, VERSION, i, LONG, value), "publish " + i);
            accepted++;
        }
        entered.await();
        value.set(8);
        assertEquals(Engine.BACK_PRESSURED, engine.tryPublish(TYPE_FACT, VERSION, 8, LONG, value));
        assertEquals(Engine.BACK_PRESSURED, engine.publish(TYPE_FACT, VERSION, 8, LONG, value, 20, TimeUnit.MILLISECONDS));

        EngineMetrics metrics = engine.metrics();
        while (metrics.stage("fast").sequence() < 7)
        {
            Thread.onSpinWait();
            metrics = engine.metrics();
        }
        assertTrue(metrics.ringFull());
        assertEquals("slow", metrics.holdingBack());
        assertEquals(2, metrics.ringFullCount());
        assertEquals(8, metrics.stage("slow").lag());
        assertEquals(7, metrics.cursor());

        release.countDown();
        assertTrue(0 <= engine.publish(TYPE_FACT, VERSION, 8, LONG, value, 10, TimeUnit.SECONDS));
        accepted++;
        engine.close();

        assertEquals(range(0, accepted), recording.sequences());
        assertEquals(recording.facts, readJournal(dir));
        for (int i = 0; i < accepted; i++)
        {
            assertEquals(i, recording.facts.get(i).value());
        }
    }

    @Test
    @Timeout(30)
    void shouldRejectBadMessagesBeforeTheRing()
    {
        final Engine engine = Engine.launch(context(dir, new Failures()).stage(Stage.named("r").handler(recording)));

        final IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
            () -> engine.tryPublish(TYPE_FACT, VERSION, 1, LONG, new MutableLong(-1)));
        assertEquals("invalid value=-1, must be >= 0", invalid.getMessage());
        final IllegalArgumentException invalidType = assertThrows(IllegalArgumentException.class,
            () -> engine.publish(-5, VERSION, 1, LONG, new MutableLong(1), 1, TimeUnit.SECONDS));
        assertTrue(invalidType.getMessage().startsWith("invalid messageType=-5"), invalidType.getMessage());
        assertEquals(-1, engine.metrics().cursor());

        assertTrue(0 <= engine.tryPublish(TYPE_FACT, VERSION, 1, LONG, new MutableLong(1)));
        assertEquals(0, engine.metrics().cursor());
        engine.close();
        assertEquals(1, readJournal(dir).size());
    }

    @Test
    @Timeout(30)
    void shouldKeepTheJournalGapFreeWhenAnEncoderThrowsAfterTheClaim()
    {
        final PayloadEncoder<String> broken = new PayloadEncoder<>()
        {
            @Override
            public int encode(final String source, final MutableDirectBuffer buffer, final int offset, final int max)
            {
                throw new IllegalStateException("broken encoder for " + source);
            }
        };
        final PayloadEncoder<String> tooLong = (source, buffer, offset, max) -> max + 1;
        final Engine engine = Engine.launch(context(dir, new Failures()).stage(Stage.named("r").handler(recording)));

        final IllegalStateException thrown = assertThrows(IllegalStateException.class,
            () -> engine.tryPublish(TYPE_FACT, VERSION, 5, broken, "x"));
        assertEquals("broken encoder for x", thrown.getMessage());
        final IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
            () -> engine.tryPublish(TYPE_FACT, VERSION, 6, tooLong, "y"));
        assertTrue(length.getMessage().startsWith("invalid payloadLength=209"), length.getMessage());
        assertTrue(0 <= engine.tryPublish(TYPE_FACT, VERSION, 7, LONG, new MutableLong(3)));
        engine.close();

        final List<Fact> journal = readJournal(dir);
        assertEquals(List.of(
            new Fact(0, RecordDescriptor.TYPE_ENCODE_FAILED, 5, -1, -1, false),
            new Fact(1, RecordDescriptor.TYPE_ENCODE_FAILED, 6, -1, -1, false),
            new Fact(2, TYPE_FACT, 7, -1, 3, false)), journal);
        assertEquals(journal, recording.facts);
    }

    @Test
    @Timeout(30)
    void shouldRefusePublishingAfterClose()
    {
        final Engine engine = Engine.launch(context(dir, new Failures()).stage(Stage.named("r").handler(recording)));
        engine.close();
        engine.close();

        assertTrue(engine.isClosed());
        assertEquals(Engine.CLOSED, engine.tryPublish(TYPE_FACT, VERSION, 1, LONG, new MutableLong(1)));
        final IllegalStateException publish = assertThrows(IllegalStateException.class,
            () -> engine.publish(TYPE_FACT, VERSION, 1, LONG, new MutableLong(1), 1, TimeUnit.SECONDS));
        assertEquals("engine closed", publish.getMessage());
        assertThrows(IllegalStateException.class, () -> engine.addStage(Stage.named("late").handler(recording), 0));
    }
}
