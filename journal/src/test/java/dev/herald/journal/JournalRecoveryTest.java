package dev.herald.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.herald.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class JournalRecoveryTest
{
    private static final int RECORDS = 40;

    @TempDir
    Path tmp;

    @Test
    void shouldKeepExactlyTheCompletePrefixWhenTheTailIsCutAtEveryByte() throws IOException
    {
        final Path original = tmp.resolve("original");
        final List<Long> frameEnds = new ArrayList<>();
        try (JournalWriter writer = Journal.openWriter(context(original)))
        {
            appendRecords(writer, RECORDS);
        }
        final Path last = lastSegment(original);
        final long[] frames = frameOffsets(original, last, frameEnds);
        final int tailStart = (int)frames[frames.length - 4];
        final int dataEnd = (int)(long)frameEnds.get(frameEnds.size() - 1);
        final long firstInLast = Long.parseLong(last.getFileName().toString().substring(0, 20));

        for (int cut = tailStart; cut <= dataEnd; cut++)
        {
            final Path copy = copyJournal(original, tmp.resolve("cut-" + cut));
            zeroFrom(lastSegment(copy), cut, dataEnd);

            long complete = firstInLast;
            for (final long end : frameEnds)
            {
                if (end <= cut)
                {
                    complete++;
                }
            }
            final VerifyReport report = Journal.verify(copy);
            assertTrue(report.isIntact(), "cut at " + cut + ": " + report.corruption());
            assertEquals(complete - 1, report.lastSequence(), "cut at " + cut);

            try (JournalWriter writer = Journal.openWriter(context(copy)))
            {
                assertEquals(complete, writer.nextSequence(), "cut at " + cut);
                appendRecords(writer, 3);
            }
            final List<Long> sequences = readSequences(copy);
            assertEquals(complete + 3, sequences.size(), "cut at " + cut);
            for (int i = 0; i < sequences.size(); i++)
            {
                assertEquals(i, sequences.get(i), "cut at " + cut);
            }
            assertFalse(Journal.verify(copy).hasTornTail(), "cut at " + cut);
            deleteRecursively(copy);
        }
    }

    @Test
    void shouldRefuseDamageBeforeTheTail() throws IOException
    {
        final Path dir = tmp.resolve("journal");
        try (JournalWriter writer = Journal.openWriter(context(dir)))
        {
            appendRecords(writer, RECORDS);
        }
        final Path last = lastSegment(dir);
        final long[] frames = frameOffsets(dir, last, new ArrayList<>());
        final int damaged = (int)frames[1] + RecordDescriptor.HEADER_LENGTH - 2; // inside the second frame's header
        flipBit(last, damaged, 3);

        final JournalCorruptedException open = assertThrows(JournalCorruptedException.class,
            () -> Journal.openWriter(context(dir)));
        assertEquals(last, open.segment());
        assertEquals(frames[1], open.offset());
        assertTrue(open.reason().contains("checksum"), open.reason());

        final VerifyReport report = Journal.verify(dir);
        assertFalse(report.isIntact());
        assertEquals(frames[1], report.corruption().offset());

        final JournalCorruptedException replay = assertThrows(JournalCorruptedException.class,
            () -> readSequences(dir));
        assertEquals(frames[1], replay.offset());
    }

    @Test
    void shouldRefuseDamageInASealedSegment() throws IOException
    {
        final Path dir = tmp.resolve("journal");
        try (JournalWriter writer = Journal.openWriter(context(dir)))
        {
            appendRecords(writer, RECORDS * 4);
        }
        final Path first;
        try (Stream<Path> files = Files.list(dir))
        {
            first = files.filter(p -> p.toString().endsWith(".seg")).sorted().findFirst().orElseThrow();
        }
        // Zero the last frame of the sealed first segment: it now ends early, leaving a gap before the next one.
        final long[] frames = frameOffsets(dir, first, new ArrayList<>());
        zeroFrom(first, (int)frames[frames.length - 1], JournalTestSupport.SMALL_SEGMENT);

        final VerifyReport report = Journal.verify(dir);
        assertFalse(report.isIntact());
        assertEquals(first, report.corruption().segment());
        assertTrue(report.corruption().getMessage().contains(first.toString()));
        assertThrows(JournalCorruptedException.class, () -> readSequences(dir));
    }

    @Test
    void shouldReportAndRecoverATornTail() throws IOException
    {
        final Path dir = tmp.resolve("journal");
        try (JournalWriter writer = Journal.openWriter(context(dir)))
        {
            appendRecords(writer, 10);
        }
        final Path last = lastSegment(dir);
        final List<Long> ends = new ArrayList<>();
        final long[] frames = frameOffsets(dir, last, ends);
        // A torn last frame: its length and some of its body written, its checksum no longer matching.
        zeroFrom(last, (int)frames[frames.length - 1] + 20, (int)(long)ends.get(ends.size() - 1));

        final VerifyReport report = Journal.verify(dir);
        assertTrue(report.isIntact());
        assertTrue(report.hasTornTail());
        assertEquals(frames[frames.length - 1], report.tornTailOffset());
        assertEquals(8, report.lastSequence());
        assertEquals(9, readSequences(dir).size(), "a reader stops before the torn tail");

        try (JournalWriter writer = Journal.openWriter(context(dir)))
        {
            assertTrue(writer.recoveredTornBytes() > 0);
            assertEquals(9, writer.nextSequence());
        }
        assertFalse(Journal.verify(dir).hasTornTail());
    }

    /** @return frame start offsets in a segment; fills frame end offsets too. */
    static long[] frameOffsets(final Path dir, final Path segment, final List<Long> ends)
    {
        final long first = Long.parseLong(segment.getFileName().toString().substring(0, 20));
        final List<Long> starts = new ArrayList<>();
        try (JournalReader reader = Journal.openReader(dir))
        {
            reader.replay(first, Long.MAX_VALUE, record ->
            {
                // offsets are relative to the mapped segment, which starts at file offset 0
                starts.add((long)record.offset());
                ends.add((long)record.offset() + record.frameLength());
                return true;
            });
        }
        // keep only frames of this segment: offsets restart at the header when the next segment begins
        int count = 1;
        while (count < starts.size() && starts.get(count) > starts.get(count - 1))
        {
            count++;
        }
        while (ends.size() > count)
        {
            ends.remove(ends.size() - 1);
        }
        return starts.subList(0, count).stream().mapToLong(Long::longValue).toArray();
    }

    static Path lastSegment(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted()
                .reduce((a, b) -> b).orElseThrow();
        }
    }

    static Path copyJournal(final Path from, final Path to) throws IOException
    {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                if (file.toString().endsWith(".seg"))
                {
                    Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }

    static void zeroFrom(final Path file, final int from, final int to) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(from);
            raf.write(new byte[Math.max(0, to - from)]);
        }
    }

    static void flipBit(final Path file, final long offset, final int bit) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(offset);
            final int value = raf.read();
            raf.seek(offset);
            raf.write(value ^ (1 << bit));
        }
    }

    static void deleteRecursively(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            for (final Path path : (Iterable<Path>)files.sorted((a, b) -> b.compareTo(a))::iterator)
            {
                Files.delete(path);
            }
        }
    }
}
