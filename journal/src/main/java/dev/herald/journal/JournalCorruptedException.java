package dev.herald.journal;

import java.nio.file.Path;

/**
 * The journal holds damage that recovery must not repair silently: a bad frame before the tail, in a sealed
 * segment, a bad segment header, or a gap between segments. Names the segment file, the byte offset in it and
 * the reason.
 */
public final class JournalCorruptedException extends JournalException
{
    private static final long serialVersionUID = 1L;

    private final transient Path segment;
    private final long offset;
    private final String reason;

    /**
     * @param segment the damaged segment file.
     * @param offset  byte offset of the damage in the segment.
     * @param reason  what is wrong, for a person to read.
     */
    public JournalCorruptedException(final Path segment, final long offset, final String reason)
    {
        super("journal corrupted: " + segment + " at offset " + offset + ": " + reason);
        this.segment = segment;
        this.offset = offset;
        this.reason = reason;
    }

    /** @return the damaged segment file. */
    public Path segment()
    {
        return segment;
    }

    /** @return byte offset of the damage in the segment. */
    public long offset()
    {
        return offset;
    }

    /** @return what is wrong. */
    public String reason()
    {
        return reason;
    }
}
