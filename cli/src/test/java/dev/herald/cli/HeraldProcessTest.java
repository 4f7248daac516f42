package dev.herald.cli;

import dev.herald.journal.Journal;
import dev.herald.journal.RecordDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * End to end: the command as a user runs it, in a child JVM started from the test classpath with the Agrona
 * flag, over a real journal, checking exit statuses and what lands on standard output and error. (The shaded jar
 * is built in the package phase, after the tests, so the child runs the same classes from the classpath.)
 */
@Timeout(180)
class HeraldProcessTest
{
    private static final long PROCESS_TIMEOUT_S = 90;

    @TempDir
    Path tempDir;

    record Result(int status, String out, String err)
    {
        List<String> errLines()
        {
            return err.lines().toList();
        }

        @Override
        public String toString()
        {
            return "status=" + status + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    @Test
    void shouldRunThenVerifyReplayDumpAndTraceTheJournal()
    {
        final Path journal = tempDir.resolve("herald-data");

        final Result run = herald("run", "--orders", "2000", "--seed", "11", "--journal", journal.toString(),
            "--durability", "page-cache", "--segment-length", "262144", "--json");
        assertEquals(Herald.EXIT_OK, run.status, run::toString);
        final String digest = Json.string(run.out, "stateDigest");
        final long events = Json.number(run.out, "events");

        final Result verify = herald("verify", journal.toString(), "--json");
        assertEquals(Herald.EXIT_OK, verify.status, verify::toString);
        assertEquals(events, Json.number(verify.out, "records"));
        assertEquals(0, Json.number(verify.out, "firstSequence"));
        assertEquals(events - 1, Json.number(verify.out, "lastSequence"));
        assertTrue(Json.number(verify.out, "segments") > 1, verify.out);

        final Result replay = herald("replay", journal.toString(), "--json");
        assertEquals(Herald.EXIT_OK, replay.status, replay::toString);
        assertEquals(digest, Json.string(replay.out, "stateDigest"));
        assertEquals(2000, Json.number(replay.out, "orders"));

        final Result dump = herald("dump", journal.toString(), "--type", "OrderCancelled", "--limit", "1");
        assertEquals(Herald.EXIT_OK, dump.status, dump::toString);
        assertEquals(1, dump.out.lines().count(), dump.out);
        final long cancelledOrder = Json.number(dump.out, "correlationId");

        final Result trace = herald("trace", journal.toString(), "--order", Long.toString(cancelledOrder));
        assertEquals(Herald.EXIT_OK, trace.status, trace::toString);
        assertTrue(trace.out.startsWith("order " + cancelledOrder + ": "), trace.out);
        assertTrue(trace.out.contains("cancelled") && trace.out.contains("OrderCancelled"), trace.out);
        assertTrue(trace.out.contains("OrderPlaced"), trace.out);
        assertEquals("", trace.err);
    }

    @Test
    void shouldExitOneNamingSegmentAndOffsetOfDamage() throws IOException
    {
        final Path journal = tempDir.resolve("damaged");
        final Result run = herald("run", "--orders", "500", "--journal", journal.toString(),
            "--durability", "page-cache", "--segment-length", "65536", "--json");
        assertEquals(Herald.EXIT_OK, run.status, run::toString);
        final Path first = segments(journal).get(0);
        TestJournals.flipByte(first, TestJournals.FIRST_FRAME_OFFSET + RecordDescriptor.HEADER_LENGTH + 1);

        final Result verify = herald("verify", journal.toString());
        final Result replay = herald("replay", journal.toString());

        assertEquals(Herald.EXIT_DAMAGED, verify.status, verify::toString);
        assertEquals(1, verify.errLines().size(), verify::toString);
        assertTrue(verify.err.startsWith("herald verify: journal damaged: " + first + " at offset 64: "),
            verify::toString);
        assertEquals(Herald.EXIT_DAMAGED, replay.status, replay::toString);
        assertEquals(1, replay.errLines().size(), replay::toString);
        assertTrue(replay.err.contains(first + " at offset 64"), replay::toString);
    }

    @Test
    void shouldExitTwoOnOneLineForMissingDirectory()
    {
        final Path missing = tempDir.resolve("nowhere");

        final Result verify = herald("verify", missing.toString());

        assertEquals(Herald.EXIT_USAGE, verify.status, verify::toString);
        assertEquals(List.of("herald verify: " + missing + ": no such directory"), verify.errLines());
        assertEquals("", verify.out);
    }

    @Test
    @Timeout(120)
    void shouldDrainAndSayWhereToResumeWhenStoppedBySignal() throws Exception
    {
        final Path journal = tempDir.resolve("signalled");
        final Path errFile = tempDir.resolve("signalled-err.txt");
        final Process run = start(errFile, "run", "--orders", "5000000", "--rate", "50000", "--journal", journal.toString(),
            "--durability", "page-cache");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (recordsIn(journal) < 1000)
        {
            // another process's progress can only be polled; a pause keeps the poll off the child's two cores
            assertTrue(run.isAlive(), "herald run ended before it took orders");
            assertTrue(System.nanoTime() - deadline < 0, "herald run journaled nothing in 60 s");
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        run.destroy(); // SIGTERM
        assertTrue(run.waitFor(PROCESS_TIMEOUT_S, TimeUnit.SECONDS));
        final String err = Files.readString(errFile, StandardCharsets.UTF_8);

        assertEquals(Herald.EXIT_INTERRUPTED, run.exitValue(), err);
        final java.util.regex.Matcher line = java.util.regex.Pattern.compile(
            "herald run: interrupted after ([0-9,]+) orders; journal intact up to sequence ([0-9,]+); run again to " +
                "resume").matcher(err);
        assertTrue(line.find(), err);
        final long orders = Long.parseLong(line.group(1).replace(",", ""));
        final long lastSequence = Long.parseLong(line.group(2).replace(",", ""));
        assertEquals(1, err.lines().count(), err);

        final Result verify = herald("verify", journal.toString(), "--json");
        assertEquals(Herald.EXIT_OK, verify.status, verify::toString);
        assertEquals(lastSequence, Json.number(verify.out, "lastSequence"));
        final Result replay = herald("replay", journal.toString(), "--json");
        assertEquals(orders, Json.number(replay.out, "orders"), "every order taken was journaled");
        assertEquals(0, Json.number(replay.out, "ordersOpen"), "and drained to its end");

        final Result resumed = herald("run", "--orders", Long.toString(orders + 500), "--journal",
            journal.toString(), "--durability", "page-cache", "--json");
        assertEquals(Herald.EXIT_OK, resumed.status, resumed::toString);
        assertEquals(orders, Json.number(resumed.out, "ordersFound"));
        assertEquals(orders + 500, Json.number(resumed.out, "orders"));
        assertEquals(0, Json.number(resumed.out, "ordersOpen"));
    }

    @Test
    @Timeout(60)
    void shouldNameTheMissingJvmFlagInOneLine() throws Exception
    {
        final Path journal = tempDir.resolve("no-flag");
        final Process process = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home")).resolve("bin").resolve("java").toString(), "-Xmx64m",
            "-cp", System.getProperty("java.class.path"), Herald.class.getName(), "run", "--journal",
            journal.toString())).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(PROCESS_TIMEOUT_S, TimeUnit.SECONDS));

        assertEquals(Herald.EXIT_USAGE, process.exitValue(), out);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.startsWith("herald: started without --add-opens java.base/jdk.internal.misc=ALL-UNNAMED"),
            out);
        assertTrue(!Files.exists(journal), "nothing created");
    }

    /** Records a running journal holds, counted up to 1,000. */
    private static long recordsIn(final Path journal)
    {
        if (!Files.exists(journal.resolve(RunRecord.FILE_NAME)))
        {
            return 0;
        }
        final long[] count = { 0 };
        try (dev.herald.journal.JournalReader reader = dev.herald.journal.Journal.openReader(journal))
        {
            reader.replay(0, 999, (record) -> ++count[0] > 0);
        }
        return count[0];
    }

    /** @return {@code herald ARGS} as a child JVM runs it from surefire's class path. */
    static List<String> command(final String... args)
    {
        final Path javaHome = Path.of(System.getProperty("java.home"));
        final List<String> command = new ArrayList<>(List.of(
            javaHome.resolve("bin").resolve("java").toString(),
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Xmx256m",
            "-cp", System.getProperty("java.class.path"),
            Herald.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private Process start(final Path err, final String... args) throws IOException
    {
        return new ProcessBuilder(command(args)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile()).start();
    }

    private Result herald(final String... args)
    {
        final List<String> command = command(args);
        try
        {
            final Path out = Files.createTempFile(tempDir, "out", ".txt");
            final Path err = Files.createTempFile(tempDir, "err", ".txt");
            final Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
            if (!process.waitFor(PROCESS_TIMEOUT_S, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                fail("herald " + String.join(" ", args) + " did not finish in " + PROCESS_TIMEOUT_S + " s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
    }

    private static List<Path> segments(final Path dir)
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(p -> p.getFileName().toString().endsWith(Journal.SEGMENT_SUFFIX)).sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
