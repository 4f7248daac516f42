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
    private int width;

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
        this.thread.start();
    }

    /** @return true when standard error is a terminal, where a progress bar can be redrawn in place. */
    static boolean isTerminal()
    {
        return null != System.console();
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
        final long count = done.getAsLong();
        final double seconds = Math.max(1e-9, (System.nanoTime() - startNs) / 1e9);
        final StringBuilder line = new StringBuilder(100).append('\r').append(label).append(' ');
        if (total > 0)
        {
            final int filled = (int)Math.min(BAR_WIDTH, count * BAR_WIDTH / total);
            line.append('[').append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append("] ")
                .append(String.format("%3d%% ", Math.min(100, count * 100 / total)));
        }
        line.append(count);
        if (total > 0)
        {
            line.append('/').append(total);
        }
        line.append(' ').append(unit).append(String.format("  %,.0f/s", count / seconds));
        width = Math.max(width, line.length());
        err.print(line);
        err.flush();
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
        if (draw && width > 0)
        {
            err.print('\r' + " ".repeat(width) + '\r');
            err.flush();
        }
    }
}
