package dev.herald.cli;

import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Checks a journal directory given on the command line before the journal module sees it, so that the common
 * mistakes get a plain one-line answer with exit status 2.
 */
final class JournalInput
{
    private JournalInput()
    {
    }

    /**
     * @param directory given by the user.
     * @return the directory.
     * @throws CommandException (usage) when it does not exist or is not a directory.
     */
    static Path requireDirectory(final Path directory)
    {
        if (!Files.exists(directory))
        {
            throw CommandException.usage(directory + ": no such directory");
        }
        if (!Files.isDirectory(directory))
        {
            throw CommandException.usage(directory + ": not a directory");
        }
        return directory;
    }

    /**
     * @param directory given by the user.
     * @return a reader over the journal in it.
     * @throws CommandException (usage) when it is missing or not a directory.
     * @throws dev.herald.journal.JournalException when it is not a journal.
     */
    static JournalReader openReader(final Path directory)
    {
        return Journal.openReader(requireDirectory(directory));
    }

    /**
     * @param epochNanos a record timestamp.
     * @return ISO-8601 UTC with nanoseconds, e.g. {@code 2026-11-26T16:49:35.123456789Z}.
     */
    /** @return a byte count as people read it: 812 bytes, 3.0 MiB, 64.0 GiB, 9.1 PiB. */
    static String humanBytes(final double bytes)
    {
        final String[] units = { "bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? String.format(java.util.Locale.ROOT, "%,.0f bytes", value) :
            String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String formatTime(final long epochNanos)
    {
        final long perSecond = 1_000_000_000L;
        final long seconds = Math.floorDiv(epochNanos, perSecond);
        return Instant.ofEpochSecond(seconds, Math.floorMod(epochNanos, perSecond)).toString();
    }
}
