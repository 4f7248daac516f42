package dev.herald.engine;

import dev.herald.journal.RecordView;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.herald.engine.TestSupport.Failures;
import static dev.herald.engine.TestSupport.LONG;
import static dev.herald.engine.TestSupport.TYPE_FACT;
import static dev.herald.engine.TestSupport.VERSION;
import static dev.herald.engine.TestSupport.context;
import static dev.herald.engine.TestSupport.payload;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineSnapshotTest
{
    @TempDir
    Path dir;

    /** Sums the payloads it has seen and counts them: state that a snapshot must carry exactly. */
    static final class Summing implements SnapshottingHandler
    {
        long sum;
        long count;
        long replayed;

        @Override
        public void onMessage(final RecordView message, final Emitter emitter)
        {
            sum = sum * 31 + payload(message);
            count++;
            replayed += emitter.isReplay() ? 1 : 0;
        }

        @Override
        public int snapshotVersion()
        {
            return 3;
        }

        @Override
        public int takeSnapshot(final MutableDirectBuffer buffer)
        {
            buffer.putLong(0, sum, LITTLE_ENDIAN);
            buffer.putLong(8, count, LITTLE_ENDIAN);
            return 16;
        }

        @Override
        public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
        {
            assertEquals(16, length);
            sum = buffer.getLong(offset, LITTLE_ENDIAN);
            count = buffer.getLong(offset + 8, LITTLE_ENDIAN);
        }
    }

    /** {@link Summing} one version on: writes version 4 and, when told to, still reads version 3. */
    static final class UpgradedSumming implements SnapshottingHandler
    {
        final Summing state = new Summing();
        final boolean readsThree;
        int loadedVersion = -1;

        UpgradedSumming(final boolean readsThree)
        {
            this.readsThree = readsThree;
        }

        @Override
        public void onMessage(final RecordView message, final Emitter emitter)
        {
            state.onMessage(message, emitter);
        }

        @Override
        public int snapshotVersion()
        {
            return 4;
        }

        @Override
        public boolean readsSnapshotVersion(final int version)
        {
            return version == 4 || (readsThree && version == 3);
        }

        @Override
        public int takeSnapshot(final MutableDirectBuffer buffer)
        {
            return state.takeSnapshot(buffer);
        }

        @Override
        public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
        {
            throw new AssertionError("the engine calls the method that names the version");
        }

        @Override
        public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length, final int version)
        {
            loadedVersion = version;
            state.loadSnapshot(buffer, offset, length);
        }
    }

    @Test
    @Timeout(30)
    void shouldLoadASnapshotOfAnOlderVersionOnlyWhenTheHandlerStillReadsIt() throws Exception
    {
        final Failures failures = new Failures();
        try (Engine engine = Engine.launch(context(dir, failures).stage(Stage.named("sum").handler(new Summing()))))
        {
            publish(engine, 0, 50);
        }
        final Path stage = dir.resolve("snapshots").resolve("sum");
        final Path versionThree = SnapshotStore.list(stage).get(0);
        final byte[] versionThreeBytes = Files.readAllBytes(versionThree);

        final UpgradedSumming strict = new UpgradedSumming(false);
        try (Engine engine = Engine.launch(context(dir, failures).stage(Stage.named("sum").handler(strict))))
        {
            assertEquals(0, engine.resumeReport().snapshotsLoaded());
            assertEquals(50, engine.resumeReport().recordsReplayed());
        }
        assertEquals(-1, strict.loadedVersion);
        assertTrue(failures.throwables.get(0).getMessage().contains(
            "state version 3, the handler writes 4 and does not read that one"), failures.throwables::toString);
        failures.throwables.clear();

        // the strict run's close wrote a version-4 snapshot over the same position: put version 3 back
        Files.write(versionThree, versionThreeBytes);
        final UpgradedSumming upgraded = new UpgradedSumming(true);
        try (Engine engine = Engine.launch(context(dir, failures).stage(Stage.named("sum").handler(upgraded))))
        {
            assertEquals(1, engine.resumeReport().snapshotsLoaded());
            assertEquals(0, engine.resumeReport().recordsReplayed());
        }
        assertEquals(3, upgraded.loadedVersion);
        assertEquals(50, upgraded.state.count);
        assertEquals(0, upgraded.state.replayed);
        assertTrue(failures.throwables.isEmpty(), failures.throwables::toString);
    }

    @Test
    @Timeout(30)
    void shouldLoadTheNewestSnapshotAndReplayOnlyTheJournalAfterIt()
    {
        final Failures failures = new Failures();
        final Summing first = new Summing();
        try (Engine engine = Engine.launch(context(dir, failures).snapshotEvery(40, 0)
            .stage(Stage.named("sum").handler(first))))
        {
            publish(engine, 0, 100);
        }
        final List<Path> snapshots = SnapshotStore.list(dir.resolve("snapshots").resolve("sum"));
        assertEquals(SnapshotStore.KEPT, snapshots.size(), snapshots::toString);
        assertEquals(String.format("%020d.snap", 99), snapshots.get(0).getFileName().toString(), "taken on close");

        final Summing second = new Summing();
        try (Engine engine = Engine.launch(context(dir, failures).snapshotEvery(40, 0)
            .stage(Stage.named("sum").handler(second))))
        {
            assertEquals(1, engine.resumeReport().snapshotsLoaded());
            assertEquals(0, engine.resumeReport().recordsReplayed());
            assertEquals(100, engine.resumeReport().fromSequence());
            publish(engine, 100, 150);
        }
        assertEquals(0, second.replayed);
        assertEquals(150, second.count);

        final Summing full = new Summing();
        Engine.replay(dir, 0, Long.MAX_VALUE, full);
        assertEquals(full.sum, second.sum, "snapshot + tail = full replay");
        assertTrue(failures.stages.isEmpty(), failures.throwables::toString);
    }

    @Test
    @Timeout(120)
    void shouldRefuseADamagedSnapshotAndFallBackToTheSameState() throws Exception
    {
        final Failures ignored = new Failures();
        try (Engine engine = Engine.launch(context(dir, ignored).snapshotEvery(30, 0)
            .stage(Stage.named("sum").handler(new Summing()))))
        {
            publish(engine, 0, 50);
        }
        final Summing full = new Summing();
        Engine.replay(dir, 0, Long.MAX_VALUE, full);
        final Path newest = SnapshotStore.list(dir.resolve("snapshots").resolve("sum")).get(0);
        final byte[] original = Files.readAllBytes(newest);

        for (int i = 0; i < original.length; i++)
        {
            final byte[] damaged = original.clone();
            damaged[i] ^= 1 << (i % 8);
            Files.write(newest, damaged);
            final Failures failures = new Failures();
            final Summing resumed = new Summing();
            try (Engine engine = Engine.launch(context(dir, failures).snapshots(true)
                .stage(Stage.named("sum").handler(resumed))))
            {
                assertTrue(engine.resumeReport().recordsReplayed() > 0, "byte " + i + ": fell back");
            }
            assertEquals(full.sum, resumed.sum, "byte " + i);
            assertEquals(1, failures.throwables.size(), "byte " + i + ": " + failures.throwables);
            assertInstanceOf(SnapshotRefusedException.class, failures.throwables.get(0));
            assertTrue(failures.throwables.get(0).getMessage().contains(newest.toString()));
        }
    }

    @Test
    @Timeout(30)
    void shouldRefuseTheSnapshotOfAnotherJournal() throws Exception
    {
        final Path other = dir.resolve("other");
        final Path mine = dir.resolve("mine");
        final Failures failures = new Failures();
        for (final Path journal : List.of(other, mine))
        {
            try (Engine engine = Engine.launch(context(journal, failures).stage(Stage.named("sum")
                .handler(new Summing()))))
            {
                publish(engine, 0, 10);
            }
        }
        final Path stolen = SnapshotStore.list(other.resolve("snapshots").resolve("sum")).get(0);
        final Path target = mine.resolve("snapshots").resolve("sum").resolve(String.format("%020d.snap", 9));
        Files.copy(stolen, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        final Summing resumed = new Summing();
        try (Engine engine = Engine.launch(context(mine, failures).stage(Stage.named("sum").handler(resumed))))
        {
            assertEquals(0, engine.resumeReport().snapshotsLoaded());
            assertEquals(10, engine.resumeReport().recordsReplayed());
        }
        assertTrue(failures.throwables.get(0).getMessage().contains("taken from another journal"),
            failures.throwables::toString);
    }

    @Test
    @Timeout(60)
    void shouldDeleteTheSegmentsBelowTheSnapshotsAndStillResume() throws Exception
    {
        final Failures failures = new Failures();
        final Summing first = new Summing();
        try (Engine engine = Engine.launch(context(dir, failures).snapshotEvery(2_000, 0)
            .retainJournalFromSnapshots(true)
            .journal(TestSupport.journal(dir).segmentLength(64 * 1024))
            .stage(Stage.named("sum").handler(first))))
        {
            publish(engine, 0, 20_000);
        }
        final long segments;
        try (dev.herald.journal.JournalReader reader = dev.herald.journal.Journal.openReader(dir))
        {
            segments = reader.segmentFiles().size();
        }
        assertTrue(segments < 20_000 * 64 / (64 * 1024), "segments left: " + segments);

        final Summing resumed = new Summing();
        try (Engine engine = Engine.launch(context(dir, failures).retainJournalFromSnapshots(true)
            .journal(TestSupport.journal(dir).segmentLength(64 * 1024))
            .stage(Stage.named("sum").handler(resumed))))
        {
            assertEquals(1, engine.resumeReport().snapshotsLoaded());
        }
        assertEquals(first.sum, resumed.sum);
        assertEquals(20_000, resumed.count);
        assertTrue(failures.stages.isEmpty(), failures.throwables::toString);

        try (java.util.stream.Stream<Path> files = Files.walk(dir.resolve("snapshots")))
        {
            for (final Path file : files.filter(Files::isRegularFile).toList())
            {
                Files.delete(file);
            }
        }
        final IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class, () -> Engine.launch(context(dir, failures)
                .journal(TestSupport.journal(dir).segmentLength(64 * 1024))
                .stage(Stage.named("sum").handler(new Summing()))));
        assertTrue(refused.getMessage().contains("stage=sum needs the journal") &&
            refused.getMessage().contains("from sequence 0"), refused.getMessage());
    }

    @Test
    @Timeout(60)
    void shouldKeepTheSnapshotsAndTheSegmentsOfAJournalThatReplacedAnother() throws Exception
    {
        final Failures failures = new Failures();
        try (Engine engine = Engine.launch(context(dir, failures).snapshotEvery(2_000, 0)
            .journal(TestSupport.journal(dir).segmentLength(64 * 1024))
            .stage(Stage.named("sum").handler(new Summing()))))
        {
            publish(engine, 0, 20_000);
        }

        // The replacing journal is shorter: every snapshot the first one left is past its end.
        final Summing second = new Summing();
        try (Engine engine = Engine.launch(context(dir, failures).snapshotEvery(2_000, 0)
            .retainJournalFromSnapshots(true)
            .journal(TestSupport.journal(dir).segmentLength(64 * 1024).replaceExisting(true))
            .stage(Stage.named("sum").handler(second))))
        {
            publish(engine, 0, 8_000);
        }
        assertEquals(SnapshotStore.KEPT, SnapshotStore.list(dir.resolve("snapshots").resolve("sum")).size());

        final Summing resumed = new Summing();
        try (Engine engine = Engine.launch(context(dir, failures).retainJournalFromSnapshots(true)
            .journal(TestSupport.journal(dir).segmentLength(64 * 1024))
            .stage(Stage.named("sum").handler(resumed))))
        {
            assertEquals(1, engine.resumeReport().snapshotsLoaded());
        }
        assertEquals(second.sum, resumed.sum);
        assertEquals(8_000, resumed.count);
        assertTrue(failures.stages.isEmpty(), failures.throwables::toString);
    }

    private static void publish(final Engine engine, final int from, final int to)
    {
        final MutableLong value = new MutableLong();
        for (int i = from; i < to; i++)
        {
            value.set(i);
            assertTrue(engine.publish(TYPE_FACT, VERSION, i, LONG, value, 10, TimeUnit.SECONDS) >= 0);
        }
    }
}
