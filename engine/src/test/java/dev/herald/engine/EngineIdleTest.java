package dev.herald.engine;

import dev.herald.journal.RecordView;
import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.herald.engine.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class EngineIdleTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void shouldTickAnIdleStageWhichMayEmitWithExplicitCausation() throws Exception
    {
        final CountDownLatch ticks = new CountDownLatch(3);
        final CountDownLatch seenRetry = new CountDownLatch(1);
        final Engine engine = Engine.launch(context(dir, new Failures())
            .idleTickNs(TimeUnit.MILLISECONDS.toNanos(1))
            .stage(Stage.named("email").handler(new MessageHandler()
            {
                private final MutableLong value = new MutableLong(77);
                private long pendingCause = -1;
                private long pendingCorrelation;

                @Override
                public void onMessage(final RecordView message, final Emitter emitter)
                {
                    if (message.messageType() == TYPE_FACT)
                    {
                        pendingCause = message.sequence();
                        pendingCorrelation = message.correlationId();
                    }
                    else if (message.messageType() == TYPE_DERIVED)
                    {
                        seenRetry.countDown();
                    }
                }

                @Override
                public void onIdle(final Emitter emitter)
                {
                    assertFalse(emitter.isReplay());
                    if (pendingCause >= 0)
                    {
                        emitter.emit(TYPE_DERIVED, VERSION, pendingCorrelation, pendingCause, LONG, value);
                        pendingCause = -1;
                    }
                    ticks.countDown();
                }
            })));
        assertTrue(ticks.await(10, TimeUnit.SECONDS));
        assertTrue(0 <= engine.tryPublish(TYPE_FACT, VERSION, 555, LONG, new MutableLong(1)));
        assertTrue(seenRetry.await(10, TimeUnit.SECONDS));
        engine.close();

        assertEquals(List.of(
            new Fact(0, TYPE_FACT, 555, -1, 1, false),
            new Fact(1, TYPE_DERIVED, 555, 0, 77, false)), readJournal(dir));
    }
}
