package dev.herald.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temporary directories for journals and files written by benchmarks, deleted in their tear-down. Not used on a
 * measured path.
 */
public final class TempDirectory
{
    /** System property naming the parent of benchmark directories; the JVM's temp dir by default. */
    public static final String PARENT_PROP_NAME = "herald.bench.dir";

    private TempDirectory()
    {
    }

    /**
     * @param prefix of the directory name.
     * @return a new, empty directory.
     */
    public static Path create(final String prefix)
    {
        try
        {
            final String parent = System.getProperty(PARENT_PROP_NAME);
            if (parent != null)
            {
                final Path parentDir = Path.of(parent);
                Files.createDirectories(parentDir);
                return Files.createTempDirectory(parentDir, prefix);
            }
            return Files.createTempDirectory(prefix);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create temp dir prefix=" + prefix, ex);
        }
    }

    /**
     * Delete a directory and everything under it; a missing directory is fine.
     *
     * @param dir to delete, may be null.
     */
    public static void delete(final Path dir)
    {
        if (dir == null || !Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(TempDirectory::deleteOne);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete dir=" + dir, ex);
        }
    }

    private static void deleteOne(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete path=" + path, ex);
        }
    }
}
