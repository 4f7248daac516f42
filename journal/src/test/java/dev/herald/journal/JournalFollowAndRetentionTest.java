package dev.herald.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.herald.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class JournalFollowAndRetentionTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void shouldFollowRecordsAppendedAfterItStartedAcrossSegments() throws Exception
    {
        final int total = 2000;
        final JournalWriter writer = Journal.openWriter(context(dir));
        appendRecords(writer, 5);
        final CountDownLatch following = new CountDownLatch(1);
        final AtomicReference<Throwable> writerError = new AtomicReference<>();
        final Thread appender = new Thread(() ->
        {
            try
            {
                following.await();
                for (int i = 5; i < total; i += 5)
                {
                    appendRecords(writer, 5);
                }
            }
            catch (final Throwable ex)
            {
                writerError.set(ex);
            }
        });
        appender.start();

        long next = 0;
        try (JournalReader reader = Journal.openReader(dir); JournalTailer tailer = reader.follow(0))
        {
            following.countDown();
            final long[] expected = {0};
            while (expected[0] < total && writerError.get() == null)
            {
                final int polled = tailer.poll(record ->
                {
                    assertEquals(expected[0], record.sequence());
                    assertTrue(matchesExpected(record));
                    expected[0]++;
                    return true;
                }, 64);
                if (polled == 0)
                {
                    Thread.onSpinWait();
                }
            }
            next = tailer.nextSequence();
        }
        appender.join();
        writer.close();
        assertNull(writerError.get());
        assertEquals(total, next);
    }

    @Test
    void shouldSeeNewRecordsWhenOneReaderReplaysAgain()
    {
        try (JournalWriter writer = Journal.openWriter(context(dir).segmentLength(1 << 20));
            JournalReader reader = Journal.openReader(dir))
        {
            appendRecords(writer, 50);
            assertEquals(50, reader.replay(0, Long.MAX_VALUE, JournalTestSupport::matchesExpected));
            appendRecords(writer, 25);   // into the segment the reader keeps mapped
            final long[] last = {-1};
            assertEquals(75, reader.replay(0, Long.MAX_VALUE, record ->
            {
                assertTrue(matchesExpected(record));
                last[0] = record.sequence();
                return true;
            }));
            assertEquals(74, last[0]);
            final JournalTailer tailer = reader.follow(70);
            assertEquals(5, tailer.poll(record -> true, 100));
            reader.close();
            tailer.close();   // after its reader: unmaps instead of handing the segment back
        }
    }

    @Test
    void shouldDeleteWholeSegmentsBelowASequenceAndReplayWhatRemains() throws Exception
    {
        try (JournalWriter writer = Journal.openWriter(context(dir)))
        {
            appendRecords(writer, 300);
            final int before = segmentCount();
            final int deleted = writer.deleteSegmentsBefore(150);
            assertTrue(deleted > 0);
            assertEquals(before - deleted, segmentCount());
            assertEquals(0, writer.deleteSegmentsBefore(150), "idempotent");
            assertTrue(writer.deleteSegmentsBefore(Long.MAX_VALUE) >= 0);
            assertEquals(1, segmentCount(), "the segment being appended to stays");
            appendRecords(writer, 10);
        }
        final VerifyReport report = Journal.verify(dir);
        assertTrue(report.isIntact(), String.valueOf(report.corruption()));
        assertEquals(309, report.lastSequence());
        try (JournalReader reader = Journal.openReader(dir))
        {
            final long[] first = {-1};
            reader.replay(0, Long.MAX_VALUE, record ->
            {
                if (first[0] < 0)
                {
                    first[0] = record.sequence();
                }
                return true;
            });
            assertEquals(report.firstSequence(), first[0]);
        }
    }

    @Test
    void shouldKeepRecordsAtOrAboveTheRetentionSequence() throws Exception
    {
        try (JournalWriter writer = Journal.openWriter(context(dir)))
        {
            appendRecords(writer, 300);
            writer.deleteSegmentsBefore(150);
        }
        try (JournalReader reader = Journal.openReader(dir))
        {
            final long count = reader.replay(150, Long.MAX_VALUE, record -> true);
            assertEquals(150, count);
        }
    }

    @Test
    void shouldPublishDurableSequenceOnlyAtTheGroupCommit()
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[16]);
        try (JournalWriter writer = Journal.openWriter(context(dir).durability(DurabilityPolicy.PER_BATCH)))
        {
            writer.append(1, (short)0, (short)0, 1, -1, payload, 0, 16);
            writer.append(1, (short)0, (short)0, 1, -1, payload, 0, 16);
            assertEquals(-1, writer.durableSequence());
            writer.endOfBatch();
            assertEquals(1, writer.durableSequence());
        }
        try (JournalWriter writer = Journal.openWriter(
            context(dir).durability(DurabilityPolicy.interval(1, TimeUnit.HOURS))))
        {
            assertEquals(1, writer.durableSequence(), "what a previous writer left is durable");
            writer.append(1, (short)0, (short)0, 1, -1, payload, 0, 16);
            writer.endOfBatch();
            assertEquals(1, writer.durableSequence(), "the interval has not passed");
            writer.force();
            assertEquals(2, writer.durableSequence());
        }
        assertEquals(List.of("page-cache", "per-batch", "interval:250ms"), List.of(
            DurabilityPolicy.parse("page-cache").toString(), DurabilityPolicy.parse("PER-BATCH").toString(),
            DurabilityPolicy.parse("interval:250ms").toString()));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> DurabilityPolicy.parse("sometimes"));
        assertTrue(ex.getMessage().startsWith("invalid durability=sometimes"));
    }

    private int segmentCount() throws Exception
    {
        try (var files = Files.list(dir))
        {
            return (int)files.filter(p -> p.toString().endsWith(".seg")).count();
        }
    }
}
