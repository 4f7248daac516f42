package dev.herald.journal;

import java.nio.file.Path;

/**
 * A second writer tried to open a journal directory that a writer, in this process or another, holds.
 */
public final class JournalLockedException extends JournalException
{
    private static final long serialVersionUID = 1L;

    private final transient Path directory;

    /**
     * @param directory the journal directory that is locked.
     */
    public JournalLockedException(final Path directory)
    {
        super("journal " + directory + " is locked by a running writer");
        this.directory = directory;
    }

    /** @return the locked journal directory. */
    public Path directory()
    {
        return directory;
    }
}
