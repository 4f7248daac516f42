package dev.herald.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static dev.herald.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Kills a real writer process at random moments. After each kill, recovery returns every record the child reported
 * durable, and nothing torn.
 */
class JournalCrashTest
{
    static final int SEGMENT_LENGTH = 64 * 1024;
    private static final int ROUNDS = 20 * scale();

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void shouldKeepEveryDurableRecordAcrossKills() throws Exception
    {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        long reportedDurable = -1;
        for (int round = 0; round < ROUNDS; round++)
        {
            final String label = "seed=" + seed + " round=" + round;
            final Process child = ChildJvm.start(CrashWriterMain.class, dir.toString());
            final int linesBeforeKill = 1 + random.nextInt(200);
            try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII)))
            {
                final String start = out.readLine();
                assertNotNull(start, label + ": child wrote nothing");
                assertEquals("start " + (reportedDurable + 1), start, label + ": recovery resumes after the last record");
                for (int i = 0; i < linesBeforeKill; i++)
                {
                    final String line = out.readLine();
                    assertNotNull(line, label + ": child died early");
                    reportedDurable = Long.parseLong(line);
                }
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), label);
            }

            final VerifyReport report = Journal.verify(dir);
            assertTrue(report.isIntact(), label + ": " + report.corruption());
            final List<Long> sequences = readSequences(dir);
            assertTrue(sequences.size() - 1 >= reportedDurable,
                label + ": durable " + reportedDurable + " but recovered only up to " + (sequences.size() - 1));
            for (int i = 0; i < sequences.size(); i++)
            {
                assertEquals(i, sequences.get(i), label);
            }
            try (JournalWriter writer = Journal.openWriter(context(dir).segmentLength(SEGMENT_LENGTH)))
            {
                assertEquals(sequences.size(), writer.nextSequence(), label);
            }
            assertFalse(Journal.verify(dir).hasTornTail(), label + ": torn tail left after recovery");
            reportedDurable = sequences.size() - 1;
        }
    }
}
