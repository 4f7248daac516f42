package dev.herald.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Zero-fills the next segment's file on a short-lived background thread, so that rolling to a new segment costs the
 * appending thread a header write and a rename instead of writing the whole segment length in zeros (tens of
 * milliseconds for 64 MiB, a latency outlier once per segment). When no spare is ready at a roll, the writer makes
 * the segment itself, as before.
 *
 * <p>Threading: {@link #start()}, {@link #take()} and {@link #close()} are called by the writer's thread only.
 */
final class SegmentPreallocator implements AutoCloseable
{
    private static final String SPARE_PREFIX = "spare-";

    private final Path directory;
    private final int length;
    private final boolean sync;
    private Thread thread;
    private volatile Path ready;
    private int counter;

    SegmentPreallocator(final Path directory, final int length, final boolean sync)
    {
        this.directory = directory;
        this.length = length;
        this.sync = sync;
    }

    /** Begin preparing a spare unless one is ready or being prepared. */
    void start()
    {
        if (ready != null || (thread != null && thread.isAlive()))
        {
            return;
        }
        final Path file = directory.resolve(SPARE_PREFIX + counter++ + Journal.SEGMENT_SUFFIX +
            SegmentDescriptor.TEMP_SUFFIX);
        thread = new Thread(() -> prepare(file), "herald-journal-preallocator");
        thread.setDaemon(true);
        thread.start();
    }

    /** @return a preallocated file of the segment length that the caller now owns, or null if none is ready. */
    Path take()
    {
        final Path file = ready;
        ready = null;
        return file;
    }

    private void prepare(final Path file)
    {
        try
        {
            Segment.preallocate(file, length, sync);
            ready = file;
        }
        catch (final IOException ex)
        {
            // A full disk or similar: the writer will make the segment itself at the roll and report the error then.
            deleteQuietly(file);
        }
    }

    /** Wait for a preparation in flight and delete an unused spare. */
    @Override
    public void close()
    {
        if (thread != null)
        {
            boolean interrupted = false;
            while (thread.isAlive())
            {
                try
                {
                    thread.join();
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
            }
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
        final Path file = take();
        if (file != null)
        {
            deleteQuietly(file);
        }
    }

    private static void deleteQuietly(final Path file)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ignore)
        {
            // a leftover spare is deleted by the next writer's open
        }
    }
}
