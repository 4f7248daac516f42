package dev.herald.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * The file system as the journal uses it: every segment file is opened through {@link #open}, and free space is
 * asked of {@link #usableSpace} before a segment is created. {@link #FILE_SYSTEM} is the real one; a test replaces it
 * to inject faults (a channel that fails once a byte budget is spent, a disk that reports little space) without a
 * small file system of its own.
 *
 * <p>Threading: called by the journal writer's thread and by readers' threads; implementations must be thread-safe.
 */
public interface JournalStorage
{
    /** The default file system, through {@link FileChannel#open} and {@link java.nio.file.FileStore}. */
    JournalStorage FILE_SYSTEM = new JournalStorage()
    {
        @Override
        public FileChannel open(final Path file, final OpenOption... options) throws IOException
        {
            return FileChannel.open(file, options);
        }

        @Override
        public long usableSpace(final Path directory) throws IOException
        {
            return Files.getFileStore(directory).getUsableSpace();
        }
    };

    /**
     * @param file    to open.
     * @param options as for {@link FileChannel#open(Path, OpenOption...)}.
     * @return the channel.
     * @throws IOException when it cannot be opened.
     */
    FileChannel open(Path file, OpenOption... options) throws IOException;

    /**
     * @param directory of the journal.
     * @return bytes a new file there could use.
     * @throws IOException when the file system cannot say.
     */
    long usableSpace(Path directory) throws IOException;
}
