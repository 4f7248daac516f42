package dev.herald.cli;

import dev.herald.journal.FaultyStorage;
import dev.herald.journal.Journal;
import dev.herald.journal.VerifyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code herald run} on a disk that fills, and {@code --force-new} over journals that cannot be read.
 */
@Timeout(60)
class RunFaultTest
{
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = { "auto", "invoker" })
    void shouldExitWithOneLineNamingTheJournalWhenTheDiskFills(final String threads)
    {
        final Path dir = tmp.resolve("herald-data");
        final FaultyStorage storage = new FaultyStorage().writeBudget(3 * 1024 * 1024);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        final long start = System.nanoTime();
        final int status = Herald.execute(new PrintWriter(out), new PrintWriter(err), storage,
            "run", "--orders", "200000", "--journal", dir.toString(), "--segment-length", "1048576",
            "--threads", threads);
        final long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

        assertEquals(Herald.EXIT_DAMAGED, status, err::toString);
        assertTrue(seconds < 10, "took " + seconds + " s");
        final String[] lines = err.toString().strip().split("\\R");
        assertEquals(1, lines.length, err::toString);
        assertTrue(lines[0].startsWith("herald run: journal " + dir + ": no space left on device (needs 1 MiB for " +
            "the next segment, "), lines[0]);
        assertTrue(lines[0].endsWith(" were not journaled"), lines[0]);
        assertEquals("", out.toString());

        final VerifyReport report = Journal.verify(dir);
        assertTrue(report.isIntact(), report::toString);
        assertTrue(report.records() > 0);
    }

    @Test
    void shouldReplaceAJournalWhoseOnlySegmentIsEmptyOrNotAFile() throws Exception
    {
        final Path empty = tmp.resolve("empty");
        Files.createDirectories(empty);
        Files.write(empty.resolve("00000000000000000000.seg"), new byte[0]);
        final Path device = tmp.resolve("device");
        Files.createDirectories(device);
        Files.createSymbolicLink(device.resolve("00000000000000000000.seg"), Path.of("/dev/null"));

        for (final Path dir : new Path[]{ empty, device })
        {
            final Cli refused = Cli.run("run", "--orders", "10", "--journal", dir.toString());
            assertEquals(Herald.EXIT_DAMAGED, refused.status, refused::toString);
            assertTrue(refused.err.contains("pass --force-new to replace it"), refused.err);

            final Cli replaced = Cli.run("run", "--orders", "10", "--journal", dir.toString(), "--force-new",
                "--json");
            assertEquals(Herald.EXIT_OK, replaced.status, replaced::toString);
            assertEquals(10, Json.number(replaced.out, "orders"));
            assertTrue(Journal.verify(dir).isIntact());
        }
    }
}
