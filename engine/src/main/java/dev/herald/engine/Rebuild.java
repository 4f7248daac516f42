package dev.herald.engine;

import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;

import java.nio.file.Path;
import java.util.List;

/**
 * Launch over an existing journal: replay every record the journal holds into the stages declared at launch, in
 * replay mode, on the launching thread, before any stage thread starts (thread start orders it before the stages'
 * own callbacks). Each stage then gets its live moment ({@link MessageHandler#onResume}) on its own thread.
 */
final class Rebuild
{
    private Rebuild()
    {
    }

    static ResumeReport run(final Path journalDirectory, final long nextSequence, final List<StageAgent> stages)
    {
        if (nextSequence == 0 || stages.isEmpty())
        {
            return ResumeReport.none(nextSequence);
        }
        final HandlerInvoker[] invokers = new HandlerInvoker[stages.size()];
        for (int i = 0; i < invokers.length; i++)
        {
            invokers[i] = stages.get(i).invoker();
            invokers[i].replay(true);
        }
        final long start = System.nanoTime();
        final ReplayDriver driver = new ReplayDriver(invokers);
        try (JournalReader reader = Journal.openReader(journalDirectory))
        {
            reader.replay(0, nextSequence - 1, driver);
            driver.finish();
        }
        finally
        {
            for (final HandlerInvoker invoker : invokers)
            {
                invoker.replay(false);
            }
        }
        final long first = driver.delivered() == 0 ? nextSequence : driver.lastSequence() - driver.delivered() + 1;
        return new ResumeReport(first, driver.lastSequence(), driver.delivered(), System.nanoTime() - start);
    }
}
