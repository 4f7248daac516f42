package dev.herald.bench;

import dev.herald.journal.RecordView;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The limit on one core: the publishing thread itself appends each fact to the journal and runs every reaction,
 * one after the other. No queue, no other thread, no copy.
 *
 * <p>Threading: everything runs on the publishing thread.
 */
public final class InlineFanOut implements FanOut
{
    private static final int BATCH = 256;

    private final Reactions reactions;
    private final JournalSink journal;
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[FanOutEvents.FRAME_LENGTH]);
    private final RecordView view = new RecordView();
    private long sequence;

    /** @param reactions to run. */
    public InlineFanOut(final Reactions reactions)
    {
        this.reactions = reactions;
        this.journal = new JournalSink("inline-fanout", reactions);
        view.wrap(frame, 0);
    }

    @Override
    public void publish(final long id, final long publishNanos)
    {
        FanOutEvents.encodeFrame(frame, 0, sequence, id, publishNanos);
        journal.append(frame, 0, FanOutEvents.FRAME_LENGTH);
        for (int i = 0, n = reactions.count(); i < n; i++)
        {
            reactions.react(i, view);
        }
        if ((++sequence & (BATCH - 1)) == 0)
        {
            journal.endOfBatch();
        }
    }

    @Override
    public void awaitDrained()
    {
        journal.endOfBatch();
    }

    @Override
    public Reactions reactions()
    {
        return reactions;
    }

    @Override
    public void close()
    {
        journal.close();
    }
}
