package dev.herald.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * The segment files of a journal directory: listing them, making a new one and deleting them.
 *
 * <p>A new segment is written under a temporary name: its header, then one zero byte at its last offset so that the
 * file has its full length (the blocks between stay unallocated holes until the writer fills them, and read as zeros);
 * under a forcing policy the file is forced before it is renamed into place and the directory after, so that a power
 * loss leaves either no segment or a whole one. No zero-filling: appends go through positional writes, where a full
 * disk is an {@link IOException}, so holes cannot turn into a SIGBUS as they would under a writable mapping.
 *
 * <p>Threading: stateless.
 */
final class SegmentFiles
{
    private SegmentFiles()
    {
    }

    /**
     * @return the first sequences of the segment files in a directory, ascending; temporary files are ignored.
     * @throws JournalException when the directory is missing, or an entry named like a segment is not a regular file.
     */
    static long[] list(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            throw new JournalException("journal directory " + directory + " does not exist or is not a directory");
        }
        try (Stream<Path> stream = Files.list(directory))
        {
            return stream
                .filter(path -> SegmentDescriptor.parseFirstSequence(path.getFileName().toString()) >= 0)
                .peek(SegmentFiles::requireRegularFile)
                .mapToLong(path -> SegmentDescriptor.parseFirstSequence(path.getFileName().toString()))
                .sorted()
                .toArray();
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot list journal directory " + directory + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @param path named like a segment.
     * @throws JournalException when it is not a regular file (a directory, a device, a pipe, or a link to one).
     */
    static void requireRegularFile(final Path path)
    {
        if (!Files.isRegularFile(path))
        {
            throw new JournalException(path + " is named like a journal segment but is not a regular file");
        }
    }

    /**
     * Make a new, empty segment and return it open for appending.
     *
     * @return a channel on the new segment, readable and writable.
     * @throws JournalException when the file cannot be made.
     */
    static FileChannel create(
        final JournalStorage storage,
        final Path directory,
        final long firstSequence,
        final int length,
        final long journalId,
        final long applicationId,
        final long creationTime,
        final boolean sync)
    {
        final Path target = SegmentDescriptor.path(directory, firstSequence);
        final Path temp = directory.resolve(SegmentDescriptor.fileName(firstSequence) + SegmentDescriptor.TEMP_SUFFIX);
        FileChannel channel = null;
        try
        {
            channel = storage.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
            final ByteBuffer header = ByteBuffer.allocate(SegmentDescriptor.HEADER_LENGTH);
            new SegmentHeader().encode(new UnsafeBuffer(header.array()), length, journalId, applicationId,
                firstSequence, creationTime);
            writeFully(channel, header, 0);
            writeFully(channel, ByteBuffer.allocate(1), length - 1);
            if (sync)
            {
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            if (sync)
            {
                forceDirectory(directory);
            }
            return channel;
        }
        catch (final IOException ex)
        {
            Segment.closeQuietly(channel);
            deleteQuietly(temp, ex);
            throw new JournalException("cannot create segment " + target + ": " + ex.getMessage(), ex);
        }
    }

    /** Write every remaining byte of a buffer at a file position. */
    static void writeFully(final FileChannel channel, final ByteBuffer bytes, final long position) throws IOException
    {
        long at = position;
        while (bytes.hasRemaining())
        {
            at += channel.write(bytes, at);
        }
    }

    static void forceDirectory(final Path directory) throws IOException
    {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ))
        {
            dir.force(true);
        }
    }

    /** Delete what a crash while making a segment leaves behind: {@code *.seg.tmp} files. */
    static void deleteTemporaryFiles(final Path directory)
    {
        try (Stream<Path> stream = Files.list(directory))
        {
            for (final Path path : (Iterable<Path>)stream::iterator)
            {
                if (path.getFileName().toString().endsWith(Journal.SEGMENT_SUFFIX + SegmentDescriptor.TEMP_SUFFIX))
                {
                    Files.deleteIfExists(path);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot clean journal directory " + directory + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Delete every entry named like a segment, whatever state it is in (damaged, empty, not a regular file), and
     * every temporary file: what replacing a journal's contents removes.
     *
     * @return the number of entries deleted.
     */
    static int deleteAll(final Path directory)
    {
        int deleted = 0;
        try (Stream<Path> stream = Files.list(directory))
        {
            for (final Path path : (Iterable<Path>)stream::iterator)
            {
                final String name = path.getFileName().toString();
                if (SegmentDescriptor.parseFirstSequence(name) >= 0 ||
                    name.endsWith(Journal.SEGMENT_SUFFIX + SegmentDescriptor.TEMP_SUFFIX))
                {
                    Files.delete(path);
                    deleted++;
                }
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot replace the journal in " + directory + ": " + ex.getMessage(), ex);
        }
        return deleted;
    }

    private static void deleteQuietly(final Path file, final IOException cause)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException suppressed)
        {
            cause.addSuppressed(suppressed);
        }
    }
}
