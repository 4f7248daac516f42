package dev.herald.engine;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A handler whose state can be saved at a journal position and loaded again, so that a restart replays only the
 * journal after its newest snapshot instead of the whole journal. The engine takes snapshots on its
 * {@link Engine.Context#snapshotEvery(long, long) policy} and on close, and loads the newest valid one at launch
 * ({@link SnapshotDescriptor} gives the file format).
 *
 * <p>The proof obligation: loading a snapshot taken after the record at position P and replaying the journal
 * after P must give the state a full replay gives. State that only says what the handler is doing (a retry
 * schedule) stays out; {@link #onResume(Emitter)} derives owed work from the loaded state as after a full replay.
 *
 * <p>Threading: {@link #takeSnapshot} on the stage's thread between two batches: it only copies the state, and the
 * engine writes the bytes to disk on another thread. {@link #loadSnapshot} on the launching thread, on a handler
 * that has seen no message, before the replay of the journal after the snapshot.
 */
public interface SnapshottingHandler extends MessageHandler
{
    /**
     * @return the version of the layout {@link #takeSnapshot} writes; a snapshot of a version that
     * {@link #readsSnapshotVersion} turns down is not loaded.
     */
    int snapshotVersion();

    /**
     * Whether {@link #loadSnapshot(DirectBuffer, int, int, int)} reads state of a version. By default only
     * {@link #snapshotVersion()}'s. A handler that still reads the layouts it wrote before lets the first restart
     * after an upgrade start from its snapshots instead of the journal (which, when retained from snapshots, may no
     * longer hold what a full replay needs).
     *
     * @param version the state version a snapshot file names.
     * @return true to have it loaded.
     */
    default boolean readsSnapshotVersion(final int version)
    {
        return version == snapshotVersion();
    }

    /**
     * Copy the state into a buffer.
     *
     * @param buffer expandable; write from offset 0.
     * @return the number of bytes written.
     */
    int takeSnapshot(MutableDirectBuffer buffer);

    /**
     * Replace the empty state with a snapshot's.
     *
     * @param buffer holding the bytes {@link #takeSnapshot} wrote, checksummed and of {@link #snapshotVersion()}.
     * @param offset of the first byte.
     * @param length of the bytes.
     */
    void loadSnapshot(DirectBuffer buffer, int offset, int length);

    /**
     * Replace the empty state with a snapshot's of a version {@link #readsSnapshotVersion} accepts; what the engine
     * calls. By default, for a handler that reads only its own version, {@link #loadSnapshot(DirectBuffer, int, int)}.
     *
     * @param buffer  holding the bytes, checksummed.
     * @param offset  of the first byte.
     * @param length  of the bytes.
     * @param version the state version they were written in.
     */
    default void loadSnapshot(final DirectBuffer buffer, final int offset, final int length, final int version)
    {
        loadSnapshot(buffer, offset, length);
    }
}
