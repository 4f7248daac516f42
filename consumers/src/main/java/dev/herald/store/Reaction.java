package dev.herald.store;

import dev.herald.engine.SnapshottingHandler;
import org.agrona.DirectBuffer;

/**
 * One of the store's reactions: a {@link MessageHandler} that owns its state and can digest it.
 *
 * <p>Every reaction keeps what it <em>knows</em> (state changed only by applying the facts it receives, its own
 * announced facts included when they come back through the ring) apart from what it <em>does</em> (port calls and
 * announcements, made only when {@code !emitter.isReplay()}). Replaying a journal into a fresh reaction therefore
 * rebuilds the same state, which {@link #digest()} proves. Its snapshot carries what it knows and nothing of what it
 * does, so snapshot + the journal after it rebuilds the same state too.
 *
 * <p>Each reaction names in {@link #messageTypes()} every type its {@code onMessage} acts on, and does nothing for
 * any other, so the engine may pass the others by without changing what it knows (a store handed every fact
 * rebuilds the same digest, which {@code StoreEngineTest} checks).
 *
 * <p>Threading: callbacks and {@link #digest()} run on the stage's thread, or on any thread once the engine (or
 * replay) that drives the reaction has finished.
 */
public interface Reaction extends SnapshottingHandler
{
    /** {@inheritDoc} Every reaction writes its state in the layout of {@link StoreSchema#SNAPSHOT_VERSION}. */
    @Override
    default int snapshotVersion()
    {
        return StoreSchema.SNAPSHOT_VERSION;
    }

    /** {@inheritDoc} Every reaction reads its own layout and the one before it (fixed eight-byte fields, version 2). */
    @Override
    default boolean readsSnapshotVersion(final int version)
    {
        return version == StoreSchema.SNAPSHOT_VERSION || version == SnapshotCodec.FIXED_WIDTH_VERSION;
    }

    /** {@inheritDoc} State of {@link StoreSchema#SNAPSHOT_VERSION}. */
    @Override
    default void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        loadSnapshot(buffer, offset, length, StoreSchema.SNAPSHOT_VERSION);
    }

    /** {@inheritDoc} */
    @Override
    void loadSnapshot(DirectBuffer buffer, int offset, int length, int version);

    /** @return the name of the engine stage this reaction runs as. */
    String stageName();

    /**
     * A deterministic digest of what the reaction knows: equal states give equal digests whatever order their
     * entries were inserted in. Retry queues and other what-it-does bookkeeping are left out.
     *
     * @return the digest.
     */
    long digest();
}
