package dev.herald.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A background thread that calls a sampler every {@link #TICK_MS} milliseconds while a long command runs and,
 * when standard error is a terminal, redraws a one-line progress bar there. Nothing is drawn when the output
 * is redirected, so logs and pipes stay clean.
 *
 * <p>Threading: created and closed by the command's thread; the sampler and the drawing run on the progress
 * thread (a daemon), so the sampler must only read thread-safe state.
 */
final class Progress implements AutoCloseable
{
    static final long TICK_MS = 100;
    private static final int BAR_WIDTH = 30;
    private static final int DRAW_EVERY_TICKS = 2;
    /** The current rate is taken over the last 5 draws: about one second. */
    private static final int RATE_WINDOW_DRAWS = 5;
    /** ANSI: erase from the cursor to the end of the line, so a shorter line leaves nothing behind. */
    private static final String ERASE_TO_END = "\033[K";

    private final PrintWriter err;
    private final boolean draw;
    private final String label;
    private final String unit;
    private final long total;
    private final LongSupplier done;
    private final Runnable sampler;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private final long startNs = System.nanoTime();
    private final Thread wipeOnExit = new Thread(this::wipe, "herald-progress-wipe");
    private final long[] windowCounts = new long[RATE_WINDOW_DRAWS];
    private final long[] windowNs = new long[RATE_WINDOW_DRAWS];
    private int draws;
    private boolean drawn;

    /**
     * @param err     where the bar is drawn.
     * @param draw    whether to draw (standard error is a terminal).
     * @param label   what is running, e.g. "run".
     * @param unit    what is counted, e.g. "orders".
     * @param total   the count when done, or 0 when not known.
     * @param done    the count so far; read on the progress thread.
     * @param sampler called on every tick, on the progress thread.
     */
    Progress(
        final PrintWriter err,
        final boolean draw,
        final String label,
        final String unit,
        final long total,
        final LongSupplier done,
        final Runnable sampler)
    {
        this.err = err;
        this.draw = draw;
        this.label = label;
        this.unit = unit;
        this.total = total;
        this.done = done;
        this.sampler = sampler;
        this.thread = new Thread(this::loop, "herald-progress");
        this.thread.setDaemon(true);
        if (draw)
        {
            // Ctrl-C in a command that does not wait for its drain: leave no half-drawn bar behind
            Runtime.getRuntime().addShutdownHook(wipeOnExit);
        }
        this.thread.start();
    }

    /**
     * @return true when standard error is a terminal, where a progress bar can be redrawn in place, whatever
     * standard output is ({@code run --json > file} still shows it). Java has no isatty: on Linux the file behind
     * descriptor 2 tells; elsewhere a console means a terminal on both.
     */
    static boolean isTerminal()
    {
        try
        {
            final String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2"))
                .toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        }
        catch (final java.io.IOException | UnsupportedOperationException | SecurityException ex)
        {
            return null != System.console();
        }
    }

    private void loop()
    {
        int ticks = 0;
        try
        {
            while (!stop.await(TICK_MS, TimeUnit.MILLISECONDS))
            {
                sampler.run();
                if (draw && ++ticks % DRAW_EVERY_TICKS == 0)
                {
                    drawBar();
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        sampler.run();
    }

    void drawBar()
    {
        err.print(line(done.getAsLong(), System.nanoTime()));
        err.flush();
        drawn = true;
    }

    /**
     * One redraw: {@code run [######------]  42%  4,200/10,000 orders  8,100/s  ETA 1s}; the rate is the current
     * one (the last second or so), so a stall shows as 0/s, and the ETA follows from it.
     */
    String line(final long count, final long nowNs)
    {
        final int slot = draws % RATE_WINDOW_DRAWS;
        final int oldest = draws < RATE_WINDOW_DRAWS ? -1 : slot;
        final long fromCount = oldest < 0 ? 0 : windowCounts[oldest];
        final long fromNs = oldest < 0 ? startNs : windowNs[oldest];
        windowCounts[slot] = count;
        windowNs[slot] = nowNs;
        draws++;
        final double rate = nowNs > fromNs ? (count - fromCount) / ((nowNs - fromNs) / 1e9) : 0;

        final StringBuilder line = new StringBuilder(100).append('\r').append(label).append(' ');
        if (total > 0)
        {
            final int filled = (int)Math.min(BAR_WIDTH, count * BAR_WIDTH / total);
            line.append('[').append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append("] ")
                .append(String.format(java.util.Locale.ROOT, "%3d%%  %,d/%,d", Math.min(100, count * 100 / total),
                    count, total));
        }
        else
        {
            line.append(String.format(java.util.Locale.ROOT, "%,d", count));
        }
        line.append(' ').append(unit).append(String.format(java.util.Locale.ROOT, "  %,.0f/s", rate));
        if (total > 0 && count < total)
        {
            line.append("  ETA ").append(rate >= 1 ? eta((total - count) / rate) : "-");
        }
        return line.append(ERASE_TO_END).toString();
    }

    private static String eta(final double seconds)
    {
        final long s = Math.max(1, Math.round(seconds));
        return s < 60 ? s + "s" : s < 3600 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" :
            (s / 3600) + "h" + String.format("%02d", s / 60 % 60) + "m";
    }

    private void wipe()
    {
        if (drawn)
        {
            err.print("\r" + ERASE_TO_END);
            err.flush();
        }
    }

    /** Stop the thread after a last sample, and wipe the bar. */
    @Override
    public void close()
    {
        stop.countDown();
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (draw)
        {
            wipe();
            try
            {
                Runtime.getRuntime().removeShutdownHook(wipeOnExit);
            }
            catch (final IllegalStateException shutdownUnderWay)
            {
                // the hook runs anyway, and wipes nothing more
            }
        }
    }
}
