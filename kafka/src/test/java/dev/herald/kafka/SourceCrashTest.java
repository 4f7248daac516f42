package dev.herald.kafka;

import dev.herald.journal.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Exactly once from Kafka into the journal across kills: a child JVM runs the store engine fed by a Kafka source
 * (per-batch durability) and is killed with {@code destroyForcibly} at random moments, then restarted over its
 * journal; a last round runs until every record is taken. Every record of the topic must then be exactly one fact
 * of the journal. Rounds: {@value #ROUNDS_DEFAULT} times {@code herald.test.scale}.
 */
class SourceCrashTest
{
    private static final int ROUNDS_DEFAULT = 5;
    private static final int ROUNDS = ROUNDS_DEFAULT * Integer.getInteger("herald.test.scale", 1);
    private static final int RECORDS = 600 * ROUNDS;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldTakeEveryRecordExactlyOnceAfterKills() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final String topic = TestBroker.createTopic("source-crash", 3);
        SourceSupport.produceOrders(topic, RECORDS, 8);
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        long found = 0;
        String done = null;
        for (int round = 0; round <= ROUNDS && null == done; round++)
        {
            final String label = "seed=" + seed + " round=" + round;
            final Process child = ChildJvm.start(SourceCrashMain.class, journal.toString(),
                TestBroker.bootstrapServers(), topic, Integer.toString(RECORDS));
            try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII)))
            {
                final String start = out.readLine();
                assertNotNull(start, label + ": child wrote nothing");
                final long before = Long.parseLong(start.substring("started ".length()));
                assertTrue(before >= found, label + ": the journal lost records: " + before + " < " + found);
                found = before;
                final int linesBeforeKill = round == ROUNDS ? Integer.MAX_VALUE : 1 + random.nextInt(5);
                for (int i = 0; i < linesBeforeKill; i++)
                {
                    final String line = out.readLine();
                    assertNotNull(line, label + ": child died early");
                    if (line.startsWith("done "))
                    {
                        done = line;
                        break;
                    }
                }
            }
            finally
            {
                if (null == done)
                {
                    child.destroyForcibly();
                }
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), label + ": child did not end");
            }
            if (null != done)
            {
                assertEquals(0, child.exitValue(), label + ": the last child closed its engine cleanly");
            }
        }
        assertEquals("done " + RECORDS, done);
        final List<SourceSupport.Taken> taken = SourceSupport.taken(journal);
        final Set<String> positions = new HashSet<>();
        for (final SourceSupport.Taken one : taken)
        {
            assertTrue(positions.add(one.partition() + "@" + one.offset()), "taken twice: " + one);
        }
        assertEquals(RECORDS, taken.size(), "every record of the topic once");
        assertTrue(taken.stream().noneMatch(SourceSupport::isFailure));
    }
}
