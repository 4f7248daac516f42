package dev.herald.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

import java.nio.file.Path;

import static dev.herald.engine.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class EngineContextTest
{
    @TempDir
    Path dir;

    private final MessageHandler handler = (message, emitter) ->
    {
    };

    @Test
    void shouldNameTheInvalidSettingAndItsValue()
    {
        assertInvalid("invalid ringSize=1000, must be a power of two",
            () -> context().ringSize(1000).conclude());
        assertInvalid("invalid maxMessageLength=100, must be a multiple of 8 in [64, 16777216]",
            () -> context().maxMessageLength(100).conclude());
        assertInvalid("invalid waitStrategy=spinning, must be one of adaptive, blocking, sleeping, yielding, busy-spin",
            () -> context().waitStrategy(WaitStrategy.fromAlias("spinning")).conclude());
        assertInvalid("invalid batchLimit=0, must be >= 1", () -> context().batchLimit(0).conclude());
        assertInvalid("invalid threadLayout=one, must be dedicated, shared, shared-stages, split or invoker",
            () -> context().threadLayout(ThreadLayout.fromAlias("one")).conclude());
        assertInvalid("invalid idleTickNs=0, must be >= 1000", () -> context().idleTickNs(0).conclude());
        assertInvalid("invalid journal=null, must be set", () -> new Engine.Context().conclude());
        assertInvalid("invalid gating=null, must be set", () -> context().gating(null).conclude());
        assertInvalid("invalid stage=a, duplicate name", () -> context()
            .stage(Stage.named("a").handler(handler)).stage(Stage.named("a").handler(handler)).conclude());
        assertInvalid("invalid after=b for stage=a, must name a stage declared before it", () -> context()
            .stage(Stage.named("a").handler(handler).after("b")).stage(Stage.named("b").handler(handler)).conclude());
        assertInvalid("invalid handler=null for stage=a, must be set",
            () -> context().stage(Stage.named("a")).conclude());
        assertInvalid("invalid stage name=journal, reserved for the journal stage",
            () -> context().stage(Stage.named("journal").handler(handler)).conclude());
        assertInvalid("invalid retries=-1 for stage=a, must be >= 0",
            () -> context().stage(Stage.named("a").handler(handler).retries(-1)).conclude());
    }

    @Test
    @Timeout(30)
    void shouldRefuseASlotLargerThanTheJournalCanHold()
    {
        final IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
            () -> Engine.launch(context().journal(journal(dir).segmentLength(4096)).maxMessageLength(8192)));
        assertTrue(thrown.getMessage().startsWith("invalid maxMessageLength=8192, must be <= journal maxFrameLength="),
            thrown.getMessage());

        // the journal was closed again, so another engine can open it
        Engine.launch(context()).close();
    }

    private Engine.Context context()
    {
        return TestSupport.context(dir, new Failures());
    }

    private static void assertInvalid(final String message, final Executable executable)
    {
        assertEquals(message, assertThrows(IllegalArgumentException.class, executable).getMessage());
    }
}
