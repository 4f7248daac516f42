package dev.herald.engine;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static dev.herald.engine.SnapshotDescriptor.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The snapshot files of one journal ({@link SnapshotDescriptor}): writes them atomically, keeps the newest
 * {@value #KEPT} of each stage, and loads the newest one that checks.
 *
 * <p>Threading: a stage's snapshots are written by one thread at a time; loading happens at launch.
 */
final class SnapshotStore
{
    /** Snapshots kept per stage: the newest, and one to fall back on. */
    static final int KEPT = 2;

    private final Path directory;

    SnapshotStore(final Path journalDirectory)
    {
        this.directory = journalDirectory.resolve(DIRECTORY_NAME);
    }

    /** @return the directory of a stage's snapshots; names that are not plain are hex-encoded. */
    Path stageDirectory(final String stageName)
    {
        final String safe = stageName.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*") ? stageName :
            "x-" + HexFormat.of().formatHex(stageName.getBytes(StandardCharsets.UTF_8));
        return directory.resolve(safe);
    }

    /**
     * Write a snapshot atomically: a temporary file, forced, renamed, then the directory forced; then delete all
     * but the newest {@value #KEPT} of this journal ({@link #retain}).
     *
     * @return the position of the oldest snapshot of the stage kept.
     */
    long write(
        final String stageName,
        final long journalId,
        final long position,
        final int stateVersion,
        final DirectBuffer state,
        final int length)
    {
        final Path stageDirectory = stageDirectory(stageName);
        final Path file = stageDirectory.resolve(String.format("%020d", position) + FILE_SUFFIX);
        final Path temporary = stageDirectory.resolve(file.getFileName() + ".tmp");
        final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(LITTLE_ENDIAN);
        header.putLong(MAGIC_OFFSET, MAGIC)
            .putLong(JOURNAL_ID_OFFSET, journalId)
            .putLong(POSITION_OFFSET, position)
            .putInt(FORMAT_VERSION_OFFSET, FORMAT_VERSION)
            .putInt(STATE_VERSION_OFFSET, stateVersion)
            .putInt(STATE_LENGTH_OFFSET, length);
        final ByteBuffer body = ByteBuffer.allocateDirect(Math.max(1, length));
        state.getBytes(0, body, length);
        body.flip();
        final CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, CHECKSUM_OFFSET);
        crc.update(body.duplicate());
        header.putInt(CHECKSUM_OFFSET, (int)crc.getValue());
        try
        {
            Files.createDirectories(stageDirectory);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                while (header.hasRemaining())
                {
                    channel.write(header);
                }
                while (body.hasRemaining())
                {
                    channel.write(body);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(stageDirectory);
            return retain(stageDirectory, journalId, position);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("snapshot " + file + ": cannot write: " + ex.getMessage(), ex);
        }
    }

    /**
     * Keep the newest {@value #KEPT} snapshots of this journal up to the one just written, and delete the rest.
     * A snapshot of another journal (the one a replaced journal left behind) or past the position just written
     * (a torn tail cut the journal back) can never be loaded, and must not count as kept: it would crowd out the
     * new ones and, under journal retention, put the floor past records this journal still needs.
     *
     * @return the position of the oldest snapshot kept.
     */
    private static long retain(final Path stageDirectory, final long journalId, final long written)
        throws IOException
    {
        long oldestKept = written;
        int kept = 0;
        for (final Path file : list(stageDirectory))
        {
            final long position = position(file);
            if (kept < KEPT && position <= written && isOfJournal(file, journalId))
            {
                kept++;
                oldestKept = position;
            }
            else
            {
                Files.deleteIfExists(file);
            }
        }
        return oldestKept;
    }

    private static long position(final Path file)
    {
        final String name = file.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - FILE_SUFFIX.length()));
    }

    /** @return true when a snapshot's header names this journal; false when it names another or is cut short. */
    private static boolean isOfJournal(final Path file, final long journalId) throws IOException
    {
        final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            while (header.hasRemaining() && channel.read(header) >= 0)
            {
                // until the header is in or the file ends
            }
        }
        catch (final NoSuchFileException ex)
        {
            return false;
        }
        return !header.hasRemaining() && header.getLong(JOURNAL_ID_OFFSET) == journalId;
    }

    /**
     * Load the newest snapshot of a stage that checks into its handler; refused ones are reported and skipped.
     *
     * @param lastSequence the journal's last sequence: a snapshot past it is refused.
     * @return the position loaded, or -1 when none could be.
     */
    long loadNewest(
        final String stageName,
        final SnapshottingHandler handler,
        final long journalId,
        final long lastSequence,
        final Errors errors)
    {
        for (final Path file : list(stageDirectory(stageName)))
        {
            final String refusal;
            final UnsafeBuffer snapshot;
            try
            {
                snapshot = new UnsafeBuffer(Files.readAllBytes(file));
                refusal = check(snapshot, handler, journalId, lastSequence);
            }
            catch (final IOException ex)
            {
                errors.report(stageName, -1, new SnapshotRefusedException(file, "unreadable: " + ex.getMessage()));
                continue;
            }
            if (refusal != null)
            {
                errors.report(stageName, -1, new SnapshotRefusedException(file, refusal));
                continue;
            }
            try
            {
                handler.loadSnapshot(snapshot, HEADER_LENGTH, snapshot.getInt(STATE_LENGTH_OFFSET, LITTLE_ENDIAN),
                    snapshot.getInt(STATE_VERSION_OFFSET, LITTLE_ENDIAN));
            }
            catch (final RuntimeException ex)
            {
                throw new IllegalStateException("snapshot " + file + " of stage=" + stageName + " checks but " +
                    "cannot be loaded (" + ex + "); delete it to replay the journal in full", ex);
            }
            return snapshot.getLong(POSITION_OFFSET, LITTLE_ENDIAN);
        }
        return -1;
    }

    /** @return why a snapshot cannot be used, or null when every field checks. */
    static String check(final DirectBuffer snapshot, final SnapshottingHandler handler, final long journalId,
        final long lastSequence)
    {
        if (snapshot.capacity() < HEADER_LENGTH)
        {
            return "shorter (" + snapshot.capacity() + " bytes) than its header";
        }
        if (snapshot.getLong(MAGIC_OFFSET, LITTLE_ENDIAN) != MAGIC)
        {
            return "not a snapshot (bad magic)";
        }
        final int length = snapshot.getInt(STATE_LENGTH_OFFSET, LITTLE_ENDIAN);
        if (length < 0 || length != snapshot.capacity() - HEADER_LENGTH)
        {
            return "state length " + length + " does not match the file's " + snapshot.capacity() + " bytes";
        }
        final CRC32C crc = new CRC32C();
        final byte[] bytes = snapshot.byteArray();
        crc.update(bytes, 0, CHECKSUM_OFFSET);
        crc.update(bytes, HEADER_LENGTH, length);
        if ((int)crc.getValue() != snapshot.getInt(CHECKSUM_OFFSET, LITTLE_ENDIAN))
        {
            return "checksum mismatch";
        }
        if (snapshot.getInt(FORMAT_VERSION_OFFSET, LITTLE_ENDIAN) != FORMAT_VERSION)
        {
            return "format version " + snapshot.getInt(FORMAT_VERSION_OFFSET, LITTLE_ENDIAN) + ", expected " +
                FORMAT_VERSION;
        }
        if (!handler.readsSnapshotVersion(snapshot.getInt(STATE_VERSION_OFFSET, LITTLE_ENDIAN)))
        {
            return "state version " + snapshot.getInt(STATE_VERSION_OFFSET, LITTLE_ENDIAN) + ", the handler writes " +
                handler.snapshotVersion() + " and does not read that one";
        }
        if (snapshot.getLong(JOURNAL_ID_OFFSET, LITTLE_ENDIAN) != journalId)
        {
            return "taken from another journal (id " + Long.toHexString(snapshot.getLong(JOURNAL_ID_OFFSET,
                LITTLE_ENDIAN)) + ", this one is " + Long.toHexString(journalId) + ")";
        }
        final long position = snapshot.getLong(POSITION_OFFSET, LITTLE_ENDIAN);
        if (position < 0 || position > lastSequence)
        {
            return "position " + position + " is past the journal's last sequence " + lastSequence;
        }
        return null;
    }

    /** @return a stage's snapshot files, newest (highest position) first; none when the directory is missing. */
    static List<Path> list(final Path stageDirectory)
    {
        try (Stream<Path> files = Files.list(stageDirectory))
        {
            final List<Path> snapshots = new ArrayList<>(files
                .filter((p) -> p.getFileName().toString().matches("[0-9]{20}\\" + FILE_SUFFIX))
                .toList());
            snapshots.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
            return snapshots;
        }
        catch (final NoSuchFileException ex)
        {
            return List.of();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(stageDirectory + ": cannot list: " + ex.getMessage(), ex);
        }
    }

    private static void forceDirectory(final Path directory)
    {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ignore)
        {
            // Not every file system lets a directory be forced; the rename is atomic either way.
        }
    }
}
