package dev.herald.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.herald.journal.JournalTestSupport.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.*;

class JournalRoundTripTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRoundTripEveryHeaderFieldAndPayload()
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[256]);
        frame.putLong(RecordDescriptor.TIMESTAMP_OFFSET, 1_700_000_000_123_456_789L, LITTLE_ENDIAN);
        frame.putInt(RecordDescriptor.MESSAGE_TYPE_OFFSET, 0x01020304, LITTLE_ENDIAN);
        frame.putShort(RecordDescriptor.SCHEMA_VERSION_OFFSET, (short)-3, LITTLE_ENDIAN);
        frame.putShort(RecordDescriptor.FLAGS_OFFSET, (short)0x7F01, LITTLE_ENDIAN);
        frame.putLong(RecordDescriptor.CORRELATION_ID_OFFSET, Long.MIN_VALUE + 5, LITTLE_ENDIAN);
        frame.putLong(RecordDescriptor.CAUSATION_ID_OFFSET, Long.MAX_VALUE - 5, LITTLE_ENDIAN);
        for (int i = 0; i < 13; i++)
        {
            frame.putByte(RecordDescriptor.HEADER_LENGTH + i, (byte)(0xA0 + i));
        }

        try (JournalWriter writer = Journal.openWriter(context(dir)))
        {
            assertEquals(0, writer.append(frame, 0, RecordDescriptor.HEADER_LENGTH + 13));
            assertEquals(1, writer.append(frame, 0, RecordDescriptor.HEADER_LENGTH));
            writer.endOfBatch();
            assertEquals(1, writer.durableSequence());
        }

        final List<String> seen = new ArrayList<>();
        try (JournalReader reader = Journal.openReader(dir))
        {
            reader.replay(0, Long.MAX_VALUE, record ->
            {
                assertEquals(1_700_000_000_123_456_789L, record.timestamp());
                assertEquals(0x01020304, record.messageType());
                assertEquals((short)-3, record.schemaVersion());
                assertEquals((short)0x7F01, record.flags());
                assertEquals(Long.MIN_VALUE + 5, record.correlationId());
                assertEquals(Long.MAX_VALUE - 5, record.causationId());
                final StringBuilder payload = new StringBuilder();
                for (int i = 0; i < record.payloadLength(); i++)
                {
                    payload.append(Integer.toHexString(record.buffer().getByte(record.payloadOffset() + i) & 0xFF));
                }
                seen.add(record.sequence() + ":" + payload);
                return true;
            });
        }
        assertEquals(List.of("0:a0a1a2a3a4a5a6a7a8a9aaabac", "1:"), seen);
    }

    @Test
    void shouldRollAcrossSegmentsAndReopenToContinue() throws Exception
    {
        try (JournalWriter writer = Journal.openWriter(context(dir)))
        {
            appendRecords(writer, 300);
        }
        final long segments;
        try (Stream<Path> files = Files.list(dir))
        {
            segments = files.filter(p -> p.toString().endsWith(Journal.SEGMENT_SUFFIX)).count();
        }
        assertTrue(segments > 3, "expected several segments, found " + segments);

        try (JournalWriter writer = Journal.openWriter(context(dir)))
        {
            assertEquals(300, writer.nextSequence());
            assertEquals(0, writer.recoveredTornBytes());
            appendRecords(writer, 100);
        }
        final List<Long> sequences = readSequences(dir);
        assertEquals(400, sequences.size());
        for (int i = 0; i < 400; i++)
        {
            assertEquals(i, sequences.get(i));
        }
        final VerifyReport report = Journal.verify(dir);
        assertTrue(report.isIntact(), String.valueOf(report.corruption()));
        assertEquals(400, report.records());
        assertEquals(0, report.firstSequence());
        assertEquals(399, report.lastSequence());
        assertFalse(report.hasTornTail());
    }

    @Test
    void shouldLeaveOnlySegmentsAndTheLockFileAfterClose() throws Exception
    {
        Files.createDirectories(dir);
        Files.write(dir.resolve("spare-7.seg.tmp"), new byte[100]);   // what a crash mid-preallocation leaves
        try (JournalWriter writer = Journal.openWriter(context(dir)))
        {
            appendRecords(writer, 300);
        }
        try (Stream<Path> files = Files.list(dir))
        {
            final List<String> others = files.map(p -> p.getFileName().toString())
                .filter(n -> !n.endsWith(Journal.SEGMENT_SUFFIX) && !n.equals(Journal.LOCK_FILE_NAME)).toList();
            assertEquals(List.of(), others);
        }
        assertEquals(300, readSequences(dir).size());
    }

    @Test
    void shouldNameSegmentsByFirstSequenceSoTheySort() throws Exception
    {
        try (JournalWriter writer = Journal.openWriter(context(dir)))
        {
            appendRecords(writer, 100);
        }
        final List<String> names;
        try (Stream<Path> files = Files.list(dir))
        {
            names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".seg")).sorted().toList();
        }
        assertEquals("00000000000000000000.seg", names.get(0));
        try (JournalReader reader = Journal.openReader(dir))
        {
            for (final Path segment : reader.segmentFiles())
            {
                final long first = Long.parseLong(segment.getFileName().toString().substring(0, 20));
                final List<Long> firsts = new ArrayList<>();
                reader.replay(first, first, r -> firsts.add(r.sequence()));
                assertEquals(List.of(first), firsts);
                assertEquals(SMALL_SEGMENT, Files.size(segment));
            }
        }
    }

    @Test
    void shouldReplayARangeFromAnySequence()
    {
        try (JournalWriter writer = Journal.openWriter(context(dir)))
        {
            appendRecords(writer, 250);
        }
        try (JournalReader reader = Journal.openReader(dir))
        {
            for (long from = 0; from < 250; from += 17)
            {
                final long to = Math.min(249, from + 40);
                final List<Long> got = new ArrayList<>();
                final long count = reader.replay(from, to, record -> got.add(record.sequence()));
                assertEquals(to - from + 1, count);
                assertEquals(from, got.get(0));
                assertEquals(to, got.get(got.size() - 1));
            }
            final List<Long> stopped = new ArrayList<>();
            reader.replay(10, Long.MAX_VALUE, record ->
            {
                stopped.add(record.sequence());
                return stopped.size() < 3;
            });
            assertEquals(List.of(10L, 11L, 12L), stopped);
        }
    }

    @Test
    @Timeout(10)
    void shouldReplayAndFollowAnEmptyJournal()
    {
        try (JournalWriter writer = Journal.openWriter(context(dir)))
        {
            assertEquals(-1, writer.lastSequence());
        }
        try (JournalReader reader = Journal.openReader(dir); JournalTailer tailer = reader.follow(0))
        {
            assertEquals(0, reader.replay(0, Long.MAX_VALUE, record -> true));
            assertEquals(0, tailer.poll(record -> true, 10));
            assertEquals(0, tailer.nextSequence());
        }
        final VerifyReport report = Journal.verify(dir);
        assertTrue(report.isIntact());
        assertEquals(0, report.records());
        assertEquals(-1, report.lastSequence());
    }

    @Test
    void shouldRejectFramesThatDoNotFitASegment()
    {
        try (JournalWriter writer = Journal.openWriter(context(dir)))
        {
            final UnsafeBuffer big = new UnsafeBuffer(new byte[SMALL_SEGMENT]);
            final IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> writer.append(big, 0, SMALL_SEGMENT));
            assertTrue(tooBig.getMessage().contains("frameLength=" + SMALL_SEGMENT), tooBig.getMessage());
            assertThrows(IllegalArgumentException.class, () -> writer.append(big, 0, 10));
            assertEquals(0, writer.nextSequence());
            assertEquals(0, writer.append(big, 0, writer.maxFrameLength()));
        }
    }

    @Test
    void shouldValidateContextWithNameValueMessages()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Journal.openWriter(new Journal.Context().directory(dir).segmentLength(5000)));
        assertEquals("invalid segmentLength=5000, must be a power of two in [4096, 1073741824]", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Journal.openWriter(new Journal.Context()));
    }

    @Test
    void shouldRefuseAJournalOfAnotherApplication()
    {
        try (JournalWriter writer = Journal.openWriter(context(dir).applicationId(42)))
        {
            appendRecords(writer, 3);
        }
        final JournalException ex = assertThrows(JournalException.class,
            () -> Journal.openWriter(context(dir).applicationId(43)));
        assertTrue(ex.getMessage().contains("application id 42"), ex.getMessage());
        try (JournalReader reader = Journal.openReader(dir))
        {
            assertEquals(42, reader.applicationId());
        }
    }

    @Test
    void shouldFailClearlyOnAMissingOrEmptyDirectory() throws Exception
    {
        final JournalException missing = assertThrows(JournalException.class,
            () -> Journal.openReader(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
        final Path empty = Files.createDirectory(dir.resolve("empty"));
        final JournalException notJournal = assertThrows(JournalException.class, () -> Journal.verify(empty));
        assertTrue(notJournal.getMessage().contains("not a journal"), notJournal.getMessage());
    }
}
