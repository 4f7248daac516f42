package dev.herald.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static dev.herald.journal.JournalRecoveryTest.*;
import static dev.herald.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Flips random bits in real journals. Whatever the flip, every reader either returns a valid prefix of what was
 * written or fails with a documented exception that names the place; never an OutOfMemoryError, an index out of
 * bounds, a hang or wrong data. Cases scale with {@code herald.test.scale}.
 */
class JournalFuzzTest
{
    private static final int CASES = 2000 * scale();
    private static final int RECORDS = 120;

    @TempDir
    Path tmp;

    @Test
    @Timeout(240)
    void shouldYieldAValidPrefixOrANamedErrorForEveryBitFlip() throws IOException
    {
        final long seed = Long.getLong("herald.fuzz.seed", System.nanoTime());
        final Random random = new Random(seed);
        final Path original = tmp.resolve("original");
        try (JournalWriter writer = Journal.openWriter(context(original)))
        {
            appendRecords(writer, RECORDS);
        }
        final List<Path> segments;
        try (Stream<Path> files = Files.list(original))
        {
            segments = files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
        final Path work = tmp.resolve("work");
        int corruptions = 0;
        int prefixes = 0;
        for (int i = 0; i < CASES; i++)
        {
            final String label = "seed=" + seed + " case=" + i;
            copyJournal(original, work);
            final int segmentIndex = random.nextInt(segments.size());
            final Path target = work.resolve(segments.get(segmentIndex).getFileName());
            // Bias towards the bytes that matter: headers and early frames, where a flip lands on lengths.
            final int offset = random.nextInt(4) == 0 ? random.nextInt(64) : random.nextInt(SMALL_SEGMENT);
            for (int flips = 1 + random.nextInt(2); flips > 0; flips--)
            {
                flipBit(target, random.nextBoolean() ? offset : random.nextInt(SMALL_SEGMENT), random.nextInt(8));
            }

            final VerifyReport report = checkedVerify(work, label);
            final long prefix = checkedReplay(work, label);
            if (report != null)
            {
                // The verifier and the reader judge the same bytes: both accept the same prefix or both refuse.
                assertEquals(report.isIntact() ? report.records() : -1, prefix, label);
            }
            final long recovered = checkedRecovery(work, label);
            if (recovered >= 0)
            {
                prefixes++;
            }
            else
            {
                corruptions++;
            }
            deleteRecursively(work);
        }
        assertTrue(corruptions > 0 && prefixes > 0,
            "expected both outcomes over " + CASES + " cases: corrupt " + corruptions + ", prefix " + prefixes);
    }

    private static VerifyReport checkedVerify(final Path dir, final String label)
    {
        try
        {
            final VerifyReport report = Journal.verify(dir);
            if (!report.isIntact())
            {
                assertNamesAPlace(report.corruption(), label);
            }
            return report;
        }
        catch (final JournalCorruptedException ex)
        {
            fail(label + ": verify reports damage instead of throwing it", ex);
            return null;
        }
        catch (final JournalException ex)
        {
            assertNotNull(ex.getMessage(), label);
            return null;
        }
    }

    /** @return records in the valid prefix, or -1 when the reader refused with a named error. */
    private static long checkedReplay(final Path dir, final String label)
    {
        try
        {
            final long[] next = {0};
            try (JournalReader reader = Journal.openReader(dir))
            {
                reader.replay(0, Long.MAX_VALUE, record ->
                {
                    assertEquals(next[0], record.sequence(), label);
                    assertTrue(matchesExpected(record), label + ": record " + record.sequence() + " altered");
                    next[0]++;
                    return true;
                });
            }
            return next[0];
        }
        catch (final JournalCorruptedException ex)
        {
            assertNamesAPlace(ex, label);
            return -1;
        }
        catch (final JournalException ex)
        {
            assertNotNull(ex.getMessage(), label);
            return -1;
        }
    }

    /** @return next sequence after recovery, or -1 when the writer refused with a named error. */
    private static long checkedRecovery(final Path dir, final String label)
    {
        try (JournalWriter writer = Journal.openWriter(context(dir)))
        {
            final long next = writer.nextSequence();
            assertTrue(next <= RECORDS, label);
            return next;
        }
        catch (final JournalCorruptedException ex)
        {
            assertNamesAPlace(ex, label);
            return -1;
        }
        catch (final JournalException ex)
        {
            assertNotNull(ex.getMessage(), label);
            return -1;
        }
    }

    private static void assertNamesAPlace(final JournalCorruptedException ex, final String label)
    {
        assertNotNull(ex.segment(), label);
        assertTrue(ex.offset() >= 0 && ex.offset() < SMALL_SEGMENT, label + ": offset " + ex.offset());
        assertTrue(ex.getMessage().contains(ex.segment().getFileName().toString()), label);
    }
}
