package dev.herald.engine;

import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Launch over an existing journal: load each stage's newest valid snapshot, when it takes snapshots, then replay
 * the journal after the lowest position loaded into the stages declared at launch, each handed only the records
 * after its own snapshot, in replay mode, on the launching thread, before any stage thread starts (thread start
 * orders it before the stages' own callbacks). Each stage then gets its live moment ({@link MessageHandler#onResume})
 * on its own thread.
 */
final class Rebuild
{
    private Rebuild()
    {
    }

    /**
     * @param snapshots         where snapshots are kept, or null when the engine takes none.
     * @param snapshotPositions filled per stage with the position of the snapshot loaded, -1 for none.
     */
    static ResumeReport run(
        final Path journalDirectory,
        final long journalId,
        final long nextSequence,
        final List<StageAgent> stages,
        final SnapshotStore snapshots,
        final Errors errors,
        final long[] snapshotPositions)
    {
        Arrays.fill(snapshotPositions, -1);
        if (nextSequence == 0 || stages.isEmpty())
        {
            return ResumeReport.none(nextSequence);
        }
        final long start = System.nanoTime();
        int loaded = 0;
        long from = Long.MAX_VALUE;
        final HandlerInvoker[] invokers = new HandlerInvoker[stages.size()];
        for (int i = 0; i < invokers.length; i++)
        {
            final StageAgent stage = stages.get(i);
            invokers[i] = stage.invoker();
            if (snapshots != null && stage.handler() instanceof SnapshottingHandler)
            {
                snapshotPositions[i] = snapshots.loadNewest(stage.roleName(), (SnapshottingHandler)stage.handler(),
                    journalId, nextSequence - 1, errors);
                loaded += snapshotPositions[i] >= 0 ? 1 : 0;
            }
            from = Math.min(from, snapshotPositions[i] + 1);
        }
        long replayed = 0;
        long last = from - 1;
        if (from < nextSequence)
        {
            for (final HandlerInvoker invoker : invokers)
            {
                invoker.replay(true);
            }
            final ReplayDriver driver = new ReplayDriver(invokers, snapshotPositions);
            try (JournalReader reader = Journal.openReader(journalDirectory))
            {
                reader.replay(from, nextSequence - 1, driver);
                driver.finish();
            }
            finally
            {
                for (final HandlerInvoker invoker : invokers)
                {
                    invoker.replay(false);
                }
            }
            replayed = driver.delivered();
            last = driver.lastSequence();
            final long first = replayed == 0 ? nextSequence : last - replayed + 1;
            for (int i = 0; i < invokers.length; i++)
            {
                if (snapshotPositions[i] + 1 < first)
                {
                    throw new IllegalStateException("stage=" + stages.get(i).roleName() + " needs the journal in " +
                        journalDirectory + " from sequence " + (snapshotPositions[i] + 1) + ", but it starts at " +
                        first + " (segments below the snapshots were deleted, and no snapshot of the stage could be " +
                        "used); restore its snapshots or launch it over the whole journal");
                }
            }
        }
        return new ResumeReport(from, Math.max(last, nextSequence - 1), replayed, loaded, System.nanoTime() - start);
    }
}
