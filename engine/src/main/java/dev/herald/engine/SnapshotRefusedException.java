package dev.herald.engine;

import java.nio.file.Path;

/**
 * A snapshot that could not be used (damaged, of another journal or version, past the journal's end), reported to
 * the {@link ErrorListener} at launch as a warning: the engine falls back on an older snapshot or a full replay.
 */
public final class SnapshotRefusedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file   the snapshot refused.
     * @param reason why, in a few words.
     */
    public SnapshotRefusedException(final Path file, final String reason)
    {
        super("snapshot " + file + " refused: " + reason + "; falling back on an older one or the journal");
        this.file = file;
    }

    /** @return the snapshot refused. */
    public Path file()
    {
        return file;
    }
}
