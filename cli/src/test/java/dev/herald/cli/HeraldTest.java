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
        for (final String command : new String[]{ "run", "replay", "dump", "verify", "trace", "stats" })
        {
            assertTrue(cli.out.contains("  " + command + " "), () -> command + " missing from " + cli.out);
        }
        assertTrue(cli.out.contains("Exit status"), cli.out);
    }

    @ParameterizedTest
    @ValueSource(strings = { "run", "replay", "dump", "verify", "trace", "stats" })
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
