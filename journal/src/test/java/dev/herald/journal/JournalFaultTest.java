package dev.herald.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.herald.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A full or failing disk, through {@link FaultyStorage}: the writer answers with an exception that names the
 * directory and the cause, stops for good, and nothing it reported durable is lost.
 */
@Timeout(30)
class JournalFaultTest
{
    @TempDir
    Path tmp;

    @Test
    void shouldRefuseARollWhenTheDiskLacksRoomForTheNextSegment()
    {
        final Path dir = tmp.resolve("journal");
        final FaultyStorage storage = new FaultyStorage();
        final JournalWriter writer = Journal.openWriter(context(dir).storage(storage).minFreeBytes(1000));
        appendRecords(writer, 10);
        final long durable = writer.durableSequence();
        storage.usableSpace(3 * 1024);

        final JournalFullException full = assertThrows(JournalFullException.class, () -> appendRecords(writer, 100));

        assertEquals("journal " + dir + ": no space left on device (needs 5 KiB for the next segment, 3 KiB free)",
            full.getMessage());
        assertEquals(SMALL_SEGMENT + 1000, full.neededBytes());
        assertEquals(3 * 1024, full.freeBytes());
        assertSame(full, writer.failure());
        final JournalException later = assertThrows(JournalException.class, () -> appendRecords(writer, 1));
        assertTrue(later.getMessage().startsWith("journal " + dir + " stopped after an earlier failure: "),
            later.getMessage());
        writer.close();

        final VerifyReport report = Journal.verify(dir);
        assertTrue(report.isIntact(), report::toString);
        assertTrue(report.lastSequence() >= durable, "everything durable is there");
        assertEquals(report.records(), readSequences(dir).size());
    }

    @Test
    void shouldStopForGoodWhenAWriteRunsOutOfSpaceAndKeepWhatWasWritten()
    {
        final Path dir = tmp.resolve("journal");
        final FaultyStorage storage = new FaultyStorage();
        final JournalWriter writer = Journal.openWriter(context(dir).segmentLength(1 << 20).storage(storage));
        appendRecords(writer, 20);
        final long durable = writer.durableSequence();
        storage.writeBudget(700);

        final JournalFullException full = assertThrows(JournalFullException.class, () -> appendRecords(writer, 50));
        assertTrue(full.getMessage().startsWith("journal " + dir + ": no space left on device (needs "), full.getMessage());
        assertTrue(full.getMessage().contains(" writing 00000000000000000000.seg, 0 bytes free)"), full.getMessage());
        assertEquals(durable, writer.durableSequence(), "what did not reach the file was never durable");
        writer.close();

        // The failed write left part of a batch: a torn tail that the next writer truncates, keeping what was durable.
        final VerifyReport report = Journal.verify(dir);
        assertTrue(report.isIntact(), report::toString);
        assertTrue(report.tornTailBytes() > 0, report::toString);
        try (JournalWriter reopened = Journal.openWriter(context(dir).segmentLength(1 << 20)))
        {
            assertEquals(report.lastSequence() + 1, reopened.nextSequence());
            assertTrue(reopened.nextSequence() > durable);
            assertTrue(reopened.recoveredTornBytes() > 0);
        }
        assertEquals(range(report.lastSequence() + 1), readSequences(dir));
    }

    @Test
    void shouldNameTheCauseOfAnIoErrorAndReleaseTheLock()
    {
        final Path dir = tmp.resolve("journal");
        final FaultyStorage storage = new FaultyStorage();
        final JournalWriter writer = Journal.openWriter(context(dir).durability(DurabilityPolicy.PER_BATCH)
            .storage(storage));
        appendRecords(writer, 5);
        storage.failWith("Input/output error");

        final JournalException failed = assertThrows(JournalException.class, () -> appendRecords(writer, 5));
        assertEquals("journal " + dir + ": writing 00000000000000000000.seg failed: Input/output error",
            failed.getMessage());
        writer.close();

        try (JournalWriter next = Journal.openWriter(context(dir)))
        {
            assertEquals(5, next.nextSequence(), "the lock was released and the durable records are there");
        }
    }

    @Test
    void shouldRefuseToStartAJournalWithoutRoomForItsFirstSegment()
    {
        final Path dir = tmp.resolve("journal");
        final FaultyStorage storage = new FaultyStorage().usableSpace(SMALL_SEGMENT + 99);

        final JournalFullException full = assertThrows(JournalFullException.class,
            () -> Journal.openWriter(context(dir).storage(storage).minFreeBytes(100)));

        assertEquals(SMALL_SEGMENT + 100, full.neededBytes());
        try (JournalWriter writer = Journal.openWriter(context(dir)))
        {
            assertEquals(0, writer.nextSequence(), "the refused open left no lock behind");
        }
    }

    @Test
    void shouldRefuseASegmentNameThatIsNotARegularFile() throws Exception
    {
        final Path dir = tmp.resolve("journal");
        try (JournalWriter writer = Journal.openWriter(context(dir)))
        {
            appendRecords(writer, 3);
        }
        final Path impostor = dir.resolve("00000000000000000100.seg");
        Files.createSymbolicLink(impostor, Path.of("/dev/zero"));

        final JournalException refused = assertThrows(JournalException.class, () -> Journal.verify(dir));
        assertEquals(impostor + " is named like a journal segment but is not a regular file", refused.getMessage());
        assertThrows(JournalException.class, () -> Journal.openWriter(context(dir)));

        try (JournalWriter replaced = Journal.openWriter(context(dir).replaceExisting(true)))
        {
            assertEquals(0, replaced.nextSequence());
            appendRecords(replaced, 2);
        }
        assertFalse(Files.exists(impostor, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals(range(2), readSequences(dir));
    }

    @Test
    void shouldBlameAJunkFileNamedLikeALaterSegmentOnThatFile() throws Exception
    {
        final Path dir = tmp.resolve("journal");
        try (JournalWriter writer = Journal.openWriter(context(dir)))
        {
            appendRecords(writer, 3);
        }
        final Path junk = dir.resolve("00000000000000000500.seg");
        Files.write(junk, new byte[SMALL_SEGMENT]);

        final VerifyReport report = Journal.verify(dir);
        assertFalse(report.isIntact());
        assertEquals(junk, report.corruption().segment(), report.corruption()::getMessage);
        final JournalCorruptedException replay = assertThrows(JournalCorruptedException.class,
            () -> readSequences(dir));
        assertEquals(junk, replay.segment(), replay::getMessage);
    }

    private static java.util.List<Long> range(final long count)
    {
        final java.util.List<Long> list = new java.util.ArrayList<>();
        for (long i = 0; i < count; i++)
        {
            list.add(i);
        }
        return list;
    }

}
