package dev.herald.engine;

import org.agrona.ExpandableArrayBuffer;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Takes one stage's snapshots on the engine's policy: on the stage's thread, between batches, it has the handler
 * copy its state into a buffer of its own, then hands the bytes to the writer (a thread of the engine's, or the
 * stage's own thread under {@link ThreadLayout#INVOKER}); while a write is under way the next snapshot waits. The
 * last one is taken on close, after the drain.
 *
 * <p>Threading: the stage's thread, except the write, which then runs on the writer.
 */
final class SnapshotTaker
{
    private final String stageName;
    private final SnapshottingHandler handler;
    private final SnapshotStore store;
    private final Executor writer;
    private final Errors errors;
    private final long journalId;
    private final long everyRecords;
    private final long everyNs;
    private final ExpandableArrayBuffer state = new ExpandableArrayBuffer(64 * 1024);
    private final AtomicBoolean writing = new AtomicBoolean();
    private final Runnable write = this::write;
    private final java.util.function.LongConsumer onWritten;
    private long snapshotPosition;
    private long position;
    private int length;
    private long records;
    private long lastNs;

    /**
     * @param writer    runs the writes; null to write on the stage's thread.
     * @param onWritten told the position of the oldest snapshot kept after each write, or null.
     */
    SnapshotTaker(
        final String stageName,
        final SnapshottingHandler handler,
        final SnapshotStore store,
        final Executor writer,
        final Errors errors,
        final long journalId,
        final long everyRecords,
        final long everyNs,
        final java.util.function.LongConsumer onWritten)
    {
        this.onWritten = onWritten;
        this.stageName = stageName;
        this.handler = handler;
        this.store = store;
        this.writer = writer;
        this.errors = errors;
        this.journalId = journalId;
        this.everyRecords = everyRecords;
        this.everyNs = everyNs;
        this.snapshotPosition = -1;
        this.lastNs = System.nanoTime();
    }

    /**
     * Where the stage starts from.
     *
     * @param snapshotPosition position of the snapshot it was loaded from, -1 for none.
     * @param position         last record its state covers (the end of the rebuild), -1 for none.
     */
    void startAt(final long snapshotPosition, final long position)
    {
        this.snapshotPosition = snapshotPosition;
        this.position = position;
    }

    /**
     * A batch was handled.
     *
     * @param lastSequence journal sequence of its last message.
     * @param batch        messages in it.
     */
    void afterBatch(final long lastSequence, final long batch)
    {
        position = lastSequence;
        records += batch;
        if ((everyRecords > 0 && records >= everyRecords) || (everyNs > 0 && System.nanoTime() - lastNs >= everyNs))
        {
            take(false);
        }
    }

    /** The stage is closing: take the last snapshot and wait until it is written. */
    void onClose()
    {
        take(true);
        awaitWrite();
    }

    private void take(final boolean closing)
    {
        if (position <= snapshotPosition || (!closing && writing.get()))
        {
            return;
        }
        awaitWrite();
        try
        {
            length = handler.takeSnapshot(state);
        }
        catch (final RuntimeException ex)
        {
            errors.report(stageName, position, ex);
            return;
        }
        snapshotPosition = position;
        records = 0;
        lastNs = System.nanoTime();
        writing.set(true);
        if (writer == null || closing)
        {
            write();
        }
        else
        {
            writer.execute(write);
        }
    }

    private void write()
    {
        try
        {
            final long oldestKept =
                store.write(stageName, journalId, snapshotPosition, handler.snapshotVersion(), state, length);
            if (onWritten != null)
            {
                onWritten.accept(oldestKept);
            }
        }
        catch (final RuntimeException ex)
        {
            errors.report(stageName, snapshotPosition, ex);
        }
        finally
        {
            writing.set(false);
        }
    }

    private void awaitWrite()
    {
        while (writing.get())
        {
            LockSupport.parkNanos(100_000);
        }
    }
}
