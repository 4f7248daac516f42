package dev.herald.engine;

import java.util.Arrays;

/**
 * Journal retention below the snapshots: once every declared stage has snapshots, the journal is needed only from
 * the oldest snapshot any stage keeps (its fallback included), so the segments wholly below it are deleted by the
 * journal stage. Stages added later with {@link Engine#addStage} are not counted: a catch-up from a sequence that
 * was deleted reports the gap.
 *
 * <p>Threading: {@link #kept} from the snapshot writer or a stage's thread, serialised here.
 */
final class SnapshotRetention
{
    private final JournalAgent journal;
    private final long[] oldestKept;

    SnapshotRetention(final JournalAgent journal, final int stages)
    {
        this.journal = journal;
        this.oldestKept = new long[stages];
        Arrays.fill(oldestKept, -1);
    }

    /**
     * @param stage      index of the stage among the snapshotting ones.
     * @param oldestKept position of its oldest snapshot kept.
     */
    synchronized void kept(final int stage, final long oldestKept)
    {
        this.oldestKept[stage] = oldestKept;
        long floor = Long.MAX_VALUE;
        for (final long position : this.oldestKept)
        {
            floor = Math.min(floor, position);
        }
        if (floor >= 0)
        {
            journal.retainFrom(floor + 1);
        }
    }
}
