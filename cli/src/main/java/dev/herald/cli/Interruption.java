package dev.herald.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT) or SIGTERM while a command runs: the JVM's shutdown hook only raises a flag that the command
 * polls, then waits until the command has stopped its intake, drained what it accepted and said so, and ends the
 * process with {@link Herald#EXIT_INTERRUPTED}. Without it the JVM would end mid-drain and facts in flight would be
 * lost.
 *
 * <p>Threading: {@link #requested()} from any thread; {@link #close()} once, by the command's thread.
 */
final class Interruption implements AutoCloseable
{
    /** Longest wait of the hook for the command to finish draining. */
    private static final long DRAIN_TIMEOUT_S = 60;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;

    private Interruption()
    {
        hook = new Thread(this::onSignal, "herald-interrupt");
    }

    /** @return an interruption watch with its hook installed. */
    static Interruption install()
    {
        final Interruption interruption = new Interruption();
        Runtime.getRuntime().addShutdownHook(interruption.hook);
        return interruption;
    }

    /** @return true once a signal asked the command to stop. */
    boolean requested()
    {
        return requested;
    }

    /**
     * The command is done: uninstall the hook, or, when a signal came, let it end the process now. Flush what the
     * command printed first.
     *
     * @return true when a signal came (the process is about to end with {@link Herald#EXIT_INTERRUPTED}).
     */
    boolean finish()
    {
        if (!requested)
        {
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException shutdownUnderWay)
            {
                requested = true;
            }
        }
        finished.countDown();
        return requested;
    }

    @Override
    public void close()
    {
        finish();
    }

    private void onSignal()
    {
        requested = true;
        try
        {
            finished.await(DRAIN_TIMEOUT_S, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ignore)
        {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(Herald.EXIT_INTERRUPTED);
    }
}
