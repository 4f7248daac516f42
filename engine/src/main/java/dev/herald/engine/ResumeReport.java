package dev.herald.engine;

/**
 * What {@link Engine#launch(Engine.Context)} did to rebuild its stages from an existing journal before going live:
 * the snapshots it loaded, the records it replayed after them, and how long it took.
 *
 * <p>Threading: immutable.
 */
public final class ResumeReport
{
    private final boolean resumed;
    private final long fromSequence;
    private final long toSequence;
    private final long recordsReplayed;
    private final int snapshotsLoaded;
    private final long durationNs;

    ResumeReport(
        final long fromSequence,
        final long toSequence,
        final long recordsReplayed,
        final int snapshotsLoaded,
        final long durationNs)
    {
        this.resumed = true;
        this.fromSequence = fromSequence;
        this.toSequence = toSequence;
        this.recordsReplayed = recordsReplayed;
        this.snapshotsLoaded = snapshotsLoaded;
        this.durationNs = durationNs;
    }

    private ResumeReport(final long nextSequence)
    {
        this.resumed = false;
        this.fromSequence = nextSequence;
        this.toSequence = nextSequence - 1;
        this.recordsReplayed = 0;
        this.snapshotsLoaded = 0;
        this.durationNs = 0;
    }

    static ResumeReport none(final long nextSequence)
    {
        return new ResumeReport(nextSequence);
    }

    /** @return true when the journal held records and the stages were rebuilt from it. */
    public boolean resumed()
    {
        return resumed;
    }

    /** @return the first sequence replayed: the one after the lowest snapshot loaded, 0 without snapshots. */
    public long fromSequence()
    {
        return fromSequence;
    }

    /** @return the journal's last sequence at launch, -1 when it was empty; live facts start right after it. */
    public long toSequence()
    {
        return toSequence;
    }

    /** @return records read from the journal and handed to at least one stage in replay mode. */
    public long recordsReplayed()
    {
        return recordsReplayed;
    }

    /** @return stages whose state was loaded from a snapshot. */
    public int snapshotsLoaded()
    {
        return snapshotsLoaded;
    }

    /** @return time the rebuild took (snapshots loaded and journal replayed), in nanoseconds. */
    public long durationNs()
    {
        return durationNs;
    }

    @Override
    public String toString()
    {
        return "ResumeReport{resumed=" + resumed + ", fromSequence=" + fromSequence + ", toSequence=" + toSequence +
            ", recordsReplayed=" + recordsReplayed + ", snapshotsLoaded=" + snapshotsLoaded + ", durationNs=" +
            durationNs + '}';
    }
}
