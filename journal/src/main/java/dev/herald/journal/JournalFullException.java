package dev.herald.journal;

import java.nio.file.Path;

/**
 * The journal cannot write because its file system is full, or would be before the next segment fills: names the
 * directory, how many bytes the journal needed and how many were free. Nothing already reported durable is lost.
 */
public final class JournalFullException extends JournalException
{
    private static final long serialVersionUID = 1L;

    private final transient Path directory;
    private final long neededBytes;
    private final long freeBytes;

    /**
     * @param directory   of the journal.
     * @param neededBytes what the journal needed.
     * @param freeBytes   what the file system had.
     * @param what        what the bytes were for: "for the next segment", "writing 00000000000000000000.seg".
     * @param cause       the failed write, or null for a refused roll.
     */
    public JournalFullException(
        final Path directory, final long neededBytes, final long freeBytes, final String what, final Throwable cause)
    {
        super("journal " + directory + ": no space left on device (needs " + bytes(neededBytes) + " " + what + ", " +
            bytes(freeBytes) + " free)", cause);
        this.directory = directory;
        this.neededBytes = neededBytes;
        this.freeBytes = freeBytes;
    }

    /** @return the journal directory. */
    public Path directory()
    {
        return directory;
    }

    /** @return bytes the journal needed. */
    public long neededBytes()
    {
        return neededBytes;
    }

    /** @return bytes the file system had free. */
    public long freeBytes()
    {
        return freeBytes;
    }

    /**
     * @param bytes a size.
     * @return it in the largest binary unit that keeps it at least 1: {@code 64 MiB}, {@code 3.5 KiB}, {@code 12 bytes}.
     */
    public static String bytes(final long bytes)
    {
        final String[] units = { "KiB", "MiB", "GiB", "TiB" };
        if (bytes < 1024)
        {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1)
        {
            value /= 1024;
            unit++;
        }
        final String number = String.format(java.util.Locale.ROOT, "%.1f", value);
        return (number.endsWith(".0") ? number.substring(0, number.length() - 2) : number) + " " + units[unit];
    }
}
