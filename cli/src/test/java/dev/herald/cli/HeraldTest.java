package dev.herald.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeraldTest
{
    @TempDir
    Path tempDir;

    @Test
    void shouldListEveryCommandInTopLevelHelp()
    {
        final Cli cli = Cli.run("--help");

        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        for (final String command : new String[]{ "run", "replay", "dump", "verify", "trace", "stats", "snapshot" })
        {
            assertTrue(cli.out.contains("  " + command + " "), () -> command + " missing from " + cli.out);
        }
        assertTrue(cli.out.contains("Exit status"), cli.out);
    }

    @ParameterizedTest
    @ValueSource(strings = { "run", "replay", "dump", "verify", "trace", "stats", "snapshot" })
    void shouldExplainEveryCommandWithHelp(final String command)
    {
        final Cli cli = Cli.run(command, "--help");

        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        assertTrue(cli.out.contains("Usage: herald " + command + " "), cli.out);
        assertTrue(cli.out.contains("--verbose"), cli.out);
        assertEquals("", cli.err);
    }

    @Test
    void shouldFailWithUsageStatusWhenNoCommandGiven()
    {
        final Cli cli = Cli.run();

        assertEquals(Herald.EXIT_USAGE, cli.status, cli::toString);
        assertEquals(1, cli.errLines().length, cli::toString);
    }

    @Test
    void shouldRejectUnknownOptionOnOneLine()
    {
        final Cli cli = Cli.run("verify", "--frobnicate", tempDir.toString());

        assertEquals(Herald.EXIT_USAGE, cli.status, cli::toString);
        assertEquals(1, cli.errLines().length, cli::toString);
        assertTrue(cli.err.contains("--frobnicate"), cli.err);
        assertTrue(cli.err.startsWith("herald verify: "), cli.err);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "run --orders abc          | herald run: invalid --orders=abc, must be a whole number (see 'herald run --help')",
        "run --rate fast           | herald run: invalid --rate=fast, must be a number (see 'herald run --help')",
        "run --segment-length 64XB | herald run: invalid --segment-length=64XB, must be bytes, or a size such as 64MiB or 1g (see 'herald run --help')",
        "verify --frobnicate x     | herald verify: unknown option --frobnicate (see 'herald verify --help')",
        "stats                     | herald stats: missing DIR (see 'herald stats --help')" })
    void shouldAnswerEveryParseErrorInOneStyle(final String args, final String expected)
    {
        final Cli cli = Cli.run(args.trim().split(" +"));

        assertEquals(Herald.EXIT_USAGE, cli.status, cli::toString);
        assertEquals(expected.trim(), cli.err.trim());
    }

    @Test
    void shouldLeaveJavaClassNamesOutOfMessages()
    {
        assertEquals("herald-data: cannot list: /data/herald-data",
            Herald.withoutClassNames("herald-data: cannot list: java.nio.file.AccessDeniedException: /data/herald-data"));
        assertEquals("invalid x", Herald.withoutClassNames("java.lang.IllegalArgumentException: invalid x"));
        assertEquals("no class here: Foo bar", Herald.withoutClassNames("no class here: Foo bar"));
    }

    @Test
    void shouldListDumpOptionsInDeclarationOrderLikeEveryOtherCommand()
    {
        final Cli cli = Cli.run("dump", "--help");

        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        final String options = cli.out.substring(cli.out.indexOf("      DIR"));
        assertTrue(options.indexOf("--from=") < options.indexOf("--to=") &&
            options.indexOf("--to=") < options.indexOf("--limit="), cli.out);
    }

    @Test
    void shouldTakeSizesAsHelpPrintsThem()
    {
        final SizeConverter sizes = new SizeConverter();
        assertEquals(64 << 20, sizes.convert("64MiB"));
        assertEquals(64 << 20, sizes.convert("64 MiB"));
        assertEquals(1 << 30, sizes.convert("1g"));
        assertEquals(65536, sizes.convert("65536"));
        assertEquals(4096, sizes.convert("4k"));
    }

    @Test
    void shouldRefuseAnOrderCountWhoseJournalCannotFit()
    {
        final Cli cli = Cli.run("run", "--orders", "9999999999999", "--journal", tempDir.resolve("huge").toString());

        assertEquals(Herald.EXIT_USAGE, cli.status, cli::toString);
        assertEquals(1, cli.errLines().length, cli::toString);
        assertTrue(cli.err.startsWith("herald run: invalid --orders=9999999999999, its journal would need about "),
            cli.err);
        assertTrue(!java.nio.file.Files.exists(tempDir.resolve("huge")), "nothing created");
    }

    @Test
    void shouldRejectMissingDirectoryArgument()
    {
        final Cli cli = Cli.run("stats");

        assertEquals(Herald.EXIT_USAGE, cli.status, cli::toString);
        assertEquals(1, cli.errLines().length, cli::toString);
        assertTrue(cli.err.contains("DIR"), cli.err);
    }

    @ParameterizedTest
    @ValueSource(strings = { "replay", "dump", "verify", "stats" })
    void shouldFailOnOneLineNamingMissingDirectory(final String command)
    {
        final Path missing = tempDir.resolve("no-such-journal");

        final Cli cli = Cli.run(command, missing.toString());

        assertEquals(Herald.EXIT_USAGE, cli.status, cli::toString);
        assertEquals(1, cli.errLines().length, cli::toString);
        assertEquals("herald " + command + ": " + missing + ": no such directory", cli.errLines()[0]);
        assertEquals("", cli.out);
    }

    @Test
    void shouldFailOnOneLineNamingMissingDirectoryForTrace()
    {
        final Path missing = tempDir.resolve("no-such-journal");

        final Cli cli = Cli.run("trace", missing.toString(), "--order", "1");

        assertEquals(Herald.EXIT_USAGE, cli.status, cli::toString);
        assertEquals("herald trace: " + missing + ": no such directory", cli.err.strip());
    }

    @Test
    void shouldRefuseFileThatIsNotADirectory() throws Exception
    {
        final Path file = Files.writeString(tempDir.resolve("notes.txt"), "hello");

        final Cli cli = Cli.run("verify", file.toString());

        assertEquals(Herald.EXIT_USAGE, cli.status, cli::toString);
        assertEquals("herald verify: " + file + ": not a directory", cli.err.strip());
    }

    @Test
    void shouldPrintStackTraceOnlyWhenVerbose()
    {
        final Path missing = tempDir.resolve("missing");

        final Cli quiet = Cli.run("verify", missing.toString());
        final Cli verbose = Cli.run("verify", "--verbose", missing.toString());

        assertFalse(quiet.err.contains("\tat "), quiet::toString);
        assertEquals(Herald.EXIT_USAGE, verbose.status, verbose::toString);
        assertTrue(verbose.err.contains("\tat dev.herald.cli."), verbose::toString);
    }
}
