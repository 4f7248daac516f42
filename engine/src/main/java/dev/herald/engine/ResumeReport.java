package dev.herald.engine;

/**
 * What {@link Engine#launch(Engine.Context)} did to rebuild its stages from an existing journal before going live:
 * which records it replayed and how long it took.
 *
 * <p>Threading: immutable.
 */
public final class ResumeReport
{
    private final long fromSequence;
    private final long toSequence;
    private final long recordsReplayed;
    private final long durationNs;

    ResumeReport(final long fromSequence, final long toSequence, final long recordsReplayed, final long durationNs)
    {
        this.fromSequence = fromSequence;
        this.toSequence = toSequence;
        this.recordsReplayed = recordsReplayed;
        this.durationNs = durationNs;
    }

    static ResumeReport none(final long nextSequence)
    {
        return new ResumeReport(nextSequence, nextSequence - 1, 0, 0);
    }

    /** @return true when the journal held records and the stages were rebuilt from them. */
    public boolean resumed()
    {
        return recordsReplayed > 0;
    }

    /** @return the first sequence replayed. */
    public long fromSequence()
    {
        return fromSequence;
    }

    /** @return the last sequence replayed, -1 when the journal was empty; live facts start right after it. */
    public long toSequence()
    {
        return toSequence;
    }

    /** @return records handed to the stages in replay mode. */
    public long recordsReplayed()
    {
        return recordsReplayed;
    }

    /** @return time the rebuild took, in nanoseconds. */
    public long durationNs()
    {
        return durationNs;
    }

    @Override
    public String toString()
    {
        return "ResumeReport{fromSequence=" + fromSequence + ", toSequence=" + toSequence + ", recordsReplayed=" +
            recordsReplayed + ", durationNs=" + durationNs + '}';
    }
}
