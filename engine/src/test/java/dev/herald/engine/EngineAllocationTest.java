package dev.herald.engine;

import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.herald.engine.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class EngineAllocationTest
{
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = ThreadLayout.class, names = { "DEDICATED", "SHARED", "SHARED_STAGES" })
    @Timeout(60)
    void shouldNotAllocateOnThePublishPathInSteadyState(final ThreadLayout layout)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final Engine engine = Engine.launch(context(dir, new Failures())
            .journal(journal(dir).segmentLength(16 << 20))
            .ringSize(256)
            .threadLayout(layout)
            .stage(Stage.named("alloc-a").handler((message, emitter) ->
            {
            }))
            .stage(Stage.named("alloc-deriving").handler(new MessageHandler()
            {
                private final MutableLong value = new MutableLong();

                @Override
                public void onMessage(final dev.herald.journal.RecordView message, final Emitter emitter)
                {
                    if (message.messageType() == TYPE_FACT && (message.sequence() & 7) == 0)
                    {
                        value.set(message.sequence());
                        emitter.emit(TYPE_DERIVED, VERSION, LONG, value);
                    }
                }
            }).after("alloc-a")));
        final MutableLong value = new MutableLong();

        publish(engine, value, 50_000);
        final List<Thread> engineThreads = new ArrayList<>();
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.getName().startsWith("herald-") && !thread.getName().contains("preallocator"))
            {
                engineThreads.add(thread);
            }
        }
        assertEquals(layout == ThreadLayout.DEDICATED ? 3 : layout == ThreadLayout.SHARED ? 1 : 2,
            engineThreads.size(), engineThreads::toString);

        final long publisherBefore = threads.getCurrentThreadAllocatedBytes();
        final long[] before = new long[engineThreads.size()];
        for (int i = 0; i < before.length; i++)
        {
            before[i] = threads.getThreadAllocatedBytes(engineThreads.get(i).getId());
        }
        publish(engine, value, 50_000);
        final long publisher = threads.getCurrentThreadAllocatedBytes() - publisherBefore;
        long stages = 0;
        for (int i = 0; i < before.length; i++)
        {
            stages += threads.getThreadAllocatedBytes(engineThreads.get(i).getId()) - before[i];
        }
        engine.close();

        // 100k facts went through; a few KiB leave room for the JIT and the odd segment roll
        assertTrue(publisher < 16 * 1024, "publisher allocated " + publisher + " bytes, stages " + stages);
        assertTrue(stages < 64 * 1024, "stage threads allocated " + stages + " bytes");
    }

    private static void publish(final Engine engine, final MutableLong value, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            value.set(i);
            if (0 > engine.publish(TYPE_FACT, VERSION, i, LONG, value, 10, TimeUnit.SECONDS))
            {
                fail("publish timed out");
            }
        }
    }
}
