package dev.herald.journal;

import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.nio.file.Path;

/**
 * The journal's front door: an append-only, crash-safe binary log of facts in a directory of fixed-size
 * segment files. Open one {@link JournalWriter} per directory with {@link #openWriter(Context)}, any number of
 * {@link JournalReader}s with {@link #openReader(Path)}, and check a journal with {@link #verify(Path)}.
 *
 * <p>The format is documented byte by byte in {@code docs/journal-format.md}; the record layout is
 * {@link RecordDescriptor}.
 */
public final class Journal
{
    /** File name suffix of a segment; the name before it is the 20-digit first sequence. */
    public static final String SEGMENT_SUFFIX = ".seg";
    /** Name of the lock file that keeps a second writer out. */
    public static final String LOCK_FILE_NAME = "journal.lock";

    private Journal()
    {
    }

    /**
     * Open, or create, the journal in {@link Context#directory()} for appending. An existing journal is
     * recovered first: a torn tail of the last segment is truncated, and any other damage fails the open. With
     * {@link Context#replaceExisting(boolean)} the journal's segments are deleted first instead, under the writer's
     * lock, whatever state they are in.
     *
     * @param context settings; {@link Context#conclude()} is called here.
     * @return the writer, the only one for this directory until closed.
     * @throws IllegalStateException     when the JVM lacks {@link AgronaAccess#FLAG}, before any file is touched.
     * @throws JournalLockedException     when another writer holds the directory.
     * @throws JournalCorruptedException when damage other than a torn tail is found.
     * @throws JournalFullException      when the file system lacks room for the first segment.
     */
    public static JournalWriter openWriter(final Context context)
    {
        AgronaAccess.require();
        return JournalWriter.open(context.conclude());
    }

    /**
     * Open an existing journal for reading. Readers take no lock and may run beside a writer.
     *
     * @param directory of the journal.
     * @return the reader.
     * @throws JournalException when the directory is missing or is not a journal.
     */
    public static JournalReader openReader(final Path directory)
    {
        AgronaAccess.require();
        return JournalReader.open(directory);
    }

    /**
     * Whether a writer, in this process or another, holds the journal's lock now: readers then see a journal that is
     * still growing. Touches nothing: the lock is only tried, and released at once.
     *
     * @param directory of the journal.
     * @return true while a writer holds it.
     */
    public static boolean hasLiveWriter(final Path directory)
    {
        final Path lockFile = directory.resolve(LOCK_FILE_NAME);
        if (!java.nio.file.Files.isRegularFile(lockFile))
        {
            return false;
        }
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(lockFile,
            java.nio.file.StandardOpenOption.WRITE))
        {
            final java.nio.channels.FileLock lock = channel.tryLock();
            if (lock == null)
            {
                return true;
            }
            lock.release();
            return false;
        }
        catch (final java.nio.channels.OverlappingFileLockException ex)
        {
            return true;
        }
        catch (final java.io.IOException ex)
        {
            return false;
        }
    }

    /**
     * Walk every segment and record of a journal without changing it.
     *
     * @param directory of the journal.
     * @return what was found, including a torn tail and the first corruption, if any.
     * @throws JournalException when the directory is missing or is not a journal.
     */
    public static VerifyReport verify(final Path directory)
    {
        return JournalVerifier.verify(directory);
    }

    /**
     * Settings of a journal writer, with fluent setters and a one-shot {@link #conclude()} that validates them.
     * Not thread-safe; build it on one thread and hand it over.
     */
    public static final class Context
    {
        /** System property that sets the default segment length in bytes. */
        public static final String SEGMENT_LENGTH_PROP_NAME = "herald.journal.segment.length";
        /** Default segment length: 64 MiB. */
        public static final int SEGMENT_LENGTH_DEFAULT = 64 * 1024 * 1024;
        /** Smallest segment length accepted. */
        public static final int SEGMENT_LENGTH_MIN = 4096;
        /** Largest segment length accepted: offsets are int32. */
        public static final int SEGMENT_LENGTH_MAX = 1 << 30;
        /** System property that sets the default free space kept beyond a new segment, in bytes. */
        public static final String MIN_FREE_BYTES_PROP_NAME = "herald.journal.min.free.bytes";

        private boolean concluded;
        private Path directory;
        private int segmentLength = Integer.getInteger(SEGMENT_LENGTH_PROP_NAME, SEGMENT_LENGTH_DEFAULT);
        private DurabilityPolicy durability = DurabilityPolicy.PER_BATCH;
        private long applicationId;
        private long minFreeBytes = Long.getLong(MIN_FREE_BYTES_PROP_NAME, 0);
        private boolean replaceExisting;
        private JournalStorage storage = JournalStorage.FILE_SYSTEM;
        private EpochNanoClock clock;

        /**
         * Validate the settings and fill in defaults. Called once by {@link Journal#openWriter(Context)}.
         *
         * @return this for a fluent API.
         * @throws IllegalArgumentException naming the setting and its value when one is invalid.
         */
        public Context conclude()
        {
            if (concluded)
            {
                throw new IllegalStateException("context already concluded");
            }
            if (directory == null)
            {
                throw new IllegalArgumentException("invalid directory=null, must be set");
            }
            if (segmentLength < SEGMENT_LENGTH_MIN || segmentLength > SEGMENT_LENGTH_MAX ||
                Integer.bitCount(segmentLength) != 1)
            {
                throw new IllegalArgumentException("invalid segmentLength=" + segmentLength +
                    ", must be a power of two in [" + SEGMENT_LENGTH_MIN + ", " + SEGMENT_LENGTH_MAX + "]");
            }
            if (durability == null)
            {
                throw new IllegalArgumentException("invalid durability=null, must be set");
            }
            if (minFreeBytes < 0)
            {
                throw new IllegalArgumentException("invalid minFreeBytes=" + minFreeBytes + ", must be >= 0");
            }
            if (storage == null)
            {
                throw new IllegalArgumentException("invalid storage=null, must be set");
            }
            if (clock == null)
            {
                // Not SystemEpochNanoClock: it builds an Instant per call, an allocation per record appended field by field.
                clock = new OffsetEpochNanoClock();
            }
            concluded = true;
            return this;
        }

        /**
         * @param directory of the journal; created if missing.
         * @return this for a fluent API.
         */
        public Context directory(final Path directory)
        {
            this.directory = directory;
            return this;
        }

        /** @return the journal directory. */
        public Path directory()
        {
            return directory;
        }

        /**
         * Length of each new segment file. An existing journal keeps the length its segments were made with.
         *
         * @param segmentLength a power of two in bytes.
         * @return this for a fluent API.
         */
        public Context segmentLength(final int segmentLength)
        {
            this.segmentLength = segmentLength;
            return this;
        }

        /** @return the segment length in bytes. */
        public int segmentLength()
        {
            return segmentLength;
        }

        /**
         * @param durability when appended records are forced to storage.
         * @return this for a fluent API.
         */
        public Context durability(final DurabilityPolicy durability)
        {
            this.durability = durability;
            return this;
        }

        /** @return the durability policy. */
        public DurabilityPolicy durability()
        {
            return durability;
        }

        /**
         * An id of the application whose facts the journal holds, written into every segment header. Opening a
         * journal made with another id is refused, so two kinds of journal never mix in one directory.
         *
         * @param applicationId any value agreed by the application; 0 by default.
         * @return this for a fluent API.
         */
        public Context applicationId(final long applicationId)
        {
            this.applicationId = applicationId;
            return this;
        }

        /** @return the application id. */
        public long applicationId()
        {
            return applicationId;
        }

        /**
         * Room the file system must keep beyond a new segment: a roll to a new segment is refused with a
         * {@link JournalFullException} unless {@code segmentLength + minFreeBytes} bytes are free, so a full disk
         * is reported before it is full to the last byte.
         *
         * @param minFreeBytes bytes, 0 by default (or the {@value #MIN_FREE_BYTES_PROP_NAME} property).
         * @return this for a fluent API.
         */
        public Context minFreeBytes(final long minFreeBytes)
        {
            this.minFreeBytes = minFreeBytes;
            return this;
        }

        /** @return the free space kept beyond a new segment, in bytes. */
        public long minFreeBytes()
        {
            return minFreeBytes;
        }

        /**
         * Start over: opening the writer deletes every segment in the directory first, under the writer's own lock,
         * whatever state the segments are in (damaged, empty, or not regular files), so no other writer can get in
         * between. For a caller that has decided the journal's contents may go; {@code false} by default.
         *
         * @param replaceExisting whether to delete the existing journal.
         * @return this for a fluent API.
         */
        public Context replaceExisting(final boolean replaceExisting)
        {
            this.replaceExisting = replaceExisting;
            return this;
        }

        /** @return whether opening deletes the existing journal. */
        public boolean replaceExisting()
        {
            return replaceExisting;
        }

        /**
         * @param storage the file system the writer goes through; {@link JournalStorage#FILE_SYSTEM} by default,
         *                replaced by tests to inject faults.
         * @return this for a fluent API.
         */
        public Context storage(final JournalStorage storage)
        {
            this.storage = storage;
            return this;
        }

        /** @return the file system the writer goes through. */
        public JournalStorage storage()
        {
            return storage;
        }

        /**
         * @param clock for the timestamps of records appended field by field, and for segment creation times; an
         *              {@link OffsetEpochNanoClock} by default, which does not allocate.
         * @return this for a fluent API.
         */
        public Context clock(final EpochNanoClock clock)
        {
            this.clock = clock;
            return this;
        }

        /** @return the clock. */
        public EpochNanoClock clock()
        {
            return clock;
        }
    }
}
