package dev.herald.store;

import dev.herald.engine.Engine;
import dev.herald.engine.SnapshotDescriptor;
import dev.herald.engine.SnapshotRefusedException;
import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots keep their proof obligation: a reaction loaded from a snapshot taken after any prefix of the journal
 * and handed the rest reaches the digest of a full replay; through the engine, a store resumed from its snapshots
 * equals the store that wrote them; and a damaged snapshot is refused and the fallback gives the same digest.
 */
class StoreSnapshotTest
{
    private static final int WINDOW = 150;

    @TempDir
    Path dir;

    private static OrderGenerator generator()
    {
        return new OrderGenerator(3, new OrderGenerator.Config()
            .customers(100).skus(30).maxBasket(4).declinePermille(80).scarce(5, 10).plentifulStock(100_000)
            .duplicatePermille(40));
    }

    private static Store store()
    {
        return new Store(generator().stockInto(new Store.Context().window(WINDOW, Long.MAX_VALUE)));
    }

    private Engine.Context engineContext(final Store store, final Path journal, final List<Throwable> warnings)
    {
        return store.addTo(new Engine.Context()
            .ringSize(256)
            .errorListener((stage, sequence, throwable) -> warnings.add(throwable))
            .journal(new Journal.Context().directory(journal).segmentLength(1 << 20)
                .durability(DurabilityPolicy.PAGE_CACHE).applicationId(StoreSchema.APPLICATION_ID)));
    }

    private void runStore(final Path journal, final int orders)
    {
        final List<Throwable> warnings = new CopyOnWriteArrayList<>();
        final OrderGenerator generator = generator();
        final OrderRequest request = new OrderRequest();
        try (Engine engine = Engine.launch(engineContext(store(), journal, warnings).snapshots(false)))
        {
            for (int i = 0; i < orders; i++)
            {
                generator.next(request);
                engine.publish(StoreMessageTypes.ORDER_PLACED, StoreSchema.SCHEMA_VERSION, request.orderId(),
                    OrderPlacedEncoder.INSTANCE, request, 10, TimeUnit.SECONDS);
            }
        }
        assertTrue(warnings.isEmpty(), warnings::toString);
    }

    @Test
    @Timeout(60)
    void shouldReachTheFullReplayFromASnapshotAfterAnyPrefix()
    {
        runStore(dir, 1500);
        final Store full = store();
        final long last = Engine.replay(dir, 0, Long.MAX_VALUE, full.handlers()) - 1;
        final long digest = full.digest().value();

        final SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 12; round++)
        {
            final long prefix = round == 0 ? 0 : random.nextLong(last + 1);
            final Store before = store();
            Engine.replay(dir, 0, prefix, before.handlers());
            final Store after = store();
            for (int i = 0; i < before.reactions().size(); i++)
            {
                final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer(1024);
                final int length = before.reactions().get(i).takeSnapshot(bytes);
                after.reactions().get(i).loadSnapshot(bytes, 0, length);
                assertEquals(before.reactions().get(i).digest(), after.reactions().get(i).digest(),
                    "prefix " + prefix + ": " + before.reactions().get(i).stageName() + " loaded as taken");
            }
            Engine.replay(dir, prefix + 1, Long.MAX_VALUE, after.handlers());
            assertEquals(digest, after.digest().value(), "snapshot after " + prefix + " + the rest");
        }
    }

    @Test
    @Timeout(60)
    void shouldResumeFromItsOwnSnapshots()
    {
        runStore(dir, 800);
        final Store full = store();
        Engine.replay(dir, 0, Long.MAX_VALUE, full.handlers());
        final List<Throwable> warnings = new CopyOnWriteArrayList<>();
        try (Engine engine = Engine.launch(engineContext(store(), dir, warnings)))
        {
            assertEquals(0, engine.resumeReport().snapshotsLoaded(), "none taken yet");
        } // close writes them

        final Store resumed = store();
        try (Engine engine = Engine.launch(engineContext(resumed, dir, warnings)))
        {
            assertEquals(resumed.reactions().size(), engine.resumeReport().snapshotsLoaded());
            assertEquals(0, engine.resumeReport().recordsReplayed());
        }
        assertEquals(full.digest().value(), resumed.digest().value());
        assertTrue(warnings.isEmpty(), warnings::toString);
    }

    @Test
    @Timeout(120)
    void shouldRefuseADamagedSnapshotAndFallBackToTheSameDigest() throws Exception
    {
        runStore(dir, 3);
        final List<Throwable> none = new CopyOnWriteArrayList<>();
        try (Engine engine = Engine.launch(engineContext(store(), dir, none)))
        {
            assertTrue(engine.resumeReport().resumed());
        }
        final Store full = store();
        Engine.replay(dir, 0, Long.MAX_VALUE, full.handlers());
        final Path snapshot = smallestSnapshot(dir.resolve(SnapshotDescriptor.DIRECTORY_NAME));
        final byte[] original = Files.readAllBytes(snapshot);

        for (int i = 0; i < original.length; i++)
        {
            final byte[] damaged = original.clone();
            damaged[i] ^= (byte)(1 << (i % 8));
            Files.write(snapshot, damaged);
            final List<Throwable> warnings = new CopyOnWriteArrayList<>();
            final Store resumed = store();
            try (Engine engine = Engine.launch(engineContext(resumed, dir, warnings)))
            {
                assertEquals(resumed.reactions().size() - 1, engine.resumeReport().snapshotsLoaded(), "byte " + i);
            }
            assertEquals(full.digest().value(), resumed.digest().value(), "byte " + i);
            assertEquals(1, warnings.size(), "byte " + i + ": " + warnings);
            assertInstanceOf(SnapshotRefusedException.class, warnings.get(0));
            Files.write(snapshot, original);
        }
    }

    private static Path smallestSnapshot(final Path snapshots) throws Exception
    {
        try (Stream<Path> files = Files.walk(snapshots))
        {
            return files.filter((p) -> p.toString().endsWith(SnapshotDescriptor.FILE_SUFFIX))
                .min((a, b) -> Long.compare(a.toFile().length(), b.toFile().length())).orElseThrow();
        }
    }
}
