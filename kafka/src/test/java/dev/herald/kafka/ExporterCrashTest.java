package dev.herald.kafka;

import dev.herald.journal.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Exactly once across kills: a child JVM exports a store journal in small transactions and is killed with
 * {@code destroyForcibly} after a random number of commits, again and again, while the journal grows between
 * rounds; a last round runs to the end. The topic must then hold every sequence of the journal exactly once.
 * Rounds: {@value #ROUNDS_DEFAULT} times {@code herald.test.scale}.
 */
class ExporterCrashTest
{
    private static final int ROUNDS_DEFAULT = 5;
    private static final int ROUNDS = ROUNDS_DEFAULT * Integer.getInteger("herald.test.scale", 1);

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldLeaveEverySequenceExactlyOnceAfterKills() throws Exception
    {
        final Path journal = dir.resolve("journal");
        StoreJournals.writeStoreJournal(journal, 600, 21);
        final String topic = TestBroker.createTopic("crash", 3);
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        long committed = -1;
        String done = null;
        for (int round = 0; round <= ROUNDS; round++)
        {
            final String label = "seed=" + seed + " round=" + round;
            if (round > 0 && round < ROUNDS)
            {
                StoreJournals.writeStoreJournal(journal, 150, 1000 + round);
            }
            final Process child = ChildJvm.start(ExporterCrashMain.class,
                journal.toString(), TestBroker.bootstrapServers(), topic);
            try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII)))
            {
                assertEquals("started", out.readLine(), label);
                final int commitsBeforeKill = round == ROUNDS ? Integer.MAX_VALUE : 1 + random.nextInt(8);
                for (int i = 0; i < commitsBeforeKill; i++)
                {
                    final String line = out.readLine();
                    assertNotNull(line, label + ": child died early");
                    if (line.startsWith("done "))
                    {
                        done = line;
                        break;
                    }
                    final long sequence = Long.parseLong(line.substring("committed ".length()));
                    assertTrue(sequence > committed, label + ": commits move forward");
                    committed = sequence;
                }
            }
            finally
            {
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), label + ": child did not die");
            }
        }
        assertNotNull(done, "the last round ran to the end");
        final long last = StoreJournals.lastSequence(journal);
        assertTrue(done.startsWith("done " + last + " "), done + ", journal ends at " + last);
        JournalExporterTest.assertTopicHoldsExactly(
            StoreJournals.read(journal), topic, StoreJournals.journalId(journal));
    }
}
