package dev.herald.journal;

import java.nio.file.Path;

/**
 * Child process of {@link JournalLockTest}: tries to open a writer and reports what happened.
 */
public final class LockProbeMain
{
    private LockProbeMain()
    {
    }

    public static void main(final String[] args)
    {
        try (JournalWriter ignored = Journal.openWriter(JournalTestSupport.context(Path.of(args[0]))))
        {
            System.out.println("opened");
        }
        catch (final JournalLockedException ex)
        {
            System.out.println("locked: " + ex.getMessage());
        }
    }
}
