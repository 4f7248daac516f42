package dev.herald.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * What a {@code herald run} journal was started with, kept beside its segments in {@value #FILE_NAME}, so that a
 * later run resumes the same seeded order stream: the seed and the decline rate decide every order, card and unit
 * of stock, so a resume with others would continue a different store.
 *
 * @param seed        of the order stream.
 * @param declineRate share of declined cards.
 */
record RunRecord(long seed, double declineRate)
{
    static final String FILE_NAME = "herald-run.properties";

    /** @return the record in a journal directory, or null when there is none. */
    static RunRecord read(final Path directory)
    {
        final Path file = directory.resolve(FILE_NAME);
        if (!Files.exists(file))
        {
            return null;
        }
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            properties.load(reader);
            return new RunRecord(Long.parseLong(properties.getProperty("seed")),
                Double.parseDouble(properties.getProperty("declineRate")));
        }
        catch (final IOException | RuntimeException ex)
        {
            throw CommandException.damaged(file + ": unreadable (" + ex.getMessage() + "); pass --force-new to " +
                "start a new journal");
        }
    }

    /** Write the record atomically: a temporary file, then a rename. */
    void write(final Path directory)
    {
        final Path file = directory.resolve(FILE_NAME);
        final Path temporary = directory.resolve(FILE_NAME + ".tmp");
        final Properties properties = new Properties();
        properties.setProperty("seed", Long.toString(seed));
        properties.setProperty("declineRate", Double.toString(declineRate));
        try
        {
            Files.createDirectories(directory);
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8))
            {
                properties.store(writer, "herald run: the order stream this journal continues");
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(file + ": cannot write: " + ex.getMessage(), ex);
        }
    }
}
