package dev.herald.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fan-outs compared in the benchmarks must do the same work: every fact journaled once and handled once by
 * every reaction, in publish order where the fan-out promises order (all but Guava's bus).
 */
class FanOutsTest
{
    private static final int FACTS = 5_000;
    private static final int HANDLERS = 3;

    @TempDir
    Path tempDir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldDeliverEveryFactToEveryReactionLikeTheInlineLoop()
    {
        System.setProperty(TempDirectory.PARENT_PROP_NAME, tempDir.toString());
        try
        {
            final long[] expected = run("inline");
            for (final String name : FanOuts.NAMES)
            {
                final long[] states = run(name);
                if (!name.equals("guava"))
                {
                    for (int i = 0; i < HANDLERS; i++)
                    {
                        assertEquals(expected[i], states[i], name + " reaction " + i + " saw other facts or order");
                    }
                }
            }
        }
        finally
        {
            System.clearProperty(TempDirectory.PARENT_PROP_NAME);
        }
    }

    @Test
    void shouldRejectUnknownSystemByName()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> LatencyHarness.Settings.parse(new String[]{ "--systems", "kafka" }));
        assertTrue(ex.getMessage().contains("system=kafka"), ex.getMessage());
    }

    private static long[] run(final String name)
    {
        final Reactions reactions = new Reactions(HANDLERS, 0);
        try (FanOut fanOut = FanOuts.create(name, reactions, 256, null))
        {
            for (int i = 0; i < FACTS; i++)
            {
                fanOut.publish(i, 1_000L * i);
            }
            fanOut.awaitDrained();
            final long[] states = new long[HANDLERS];
            for (int i = 0; i < HANDLERS; i++)
            {
                assertEquals(FACTS, reactions.handled(i), name + " reaction " + i);
                states[i] = reactions.state(i);
            }
            if (!name.startsWith("herald"))
            {
                assertEquals(FACTS, reactions.journaledCount(), name + " journal");
            }
            return states;
        }
    }
}
