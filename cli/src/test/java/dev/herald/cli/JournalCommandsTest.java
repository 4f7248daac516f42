package dev.herald.cli;

import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalWriter;
import dev.herald.journal.RecordDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class JournalCommandsTest
{
    private static final int SEGMENT_LENGTH = 4096;

    @TempDir
    Path tempDir;

    @Test
    void shouldVerifyIntactJournal()
    {
        final Path dir = tempDir.resolve("journal");
        TestJournals.write(dir, 200, SEGMENT_LENGTH);

        final Cli cli = Cli.run("verify", dir.toString());

        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        assertTrue(cli.out.contains("records    200"), cli.out);
        assertTrue(cli.out.contains("sequences  0 .. 199"), cli.out);
        assertTrue(cli.out.contains("status     intact"), cli.out);
        assertEquals("", cli.err);
    }

    @Test
    void shouldVerifyAsJsonWithContractKeys()
    {
        final Path dir = tempDir.resolve("journal");
        TestJournals.write(dir, 50, SEGMENT_LENGTH);

        final Cli cli = Cli.run("verify", "--json", dir.toString());

        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        final String json = cli.out.strip();
        assertEquals(1, cli.out.lines().count(), cli.out);
        assertTrue(json.contains("\"records\":50"), json);
        assertTrue(json.contains("\"firstSequence\":0"), json);
        assertTrue(json.contains("\"lastSequence\":49"), json);
        assertTrue(json.contains("\"intact\":true"), json);
        assertTrue(json.contains("\"corruption\":null"), json);
    }

    @Test
    void shouldReportDamageWithSegmentAndOffsetAndExitOne() throws Exception
    {
        final Path dir = tempDir.resolve("journal");
        TestJournals.write(dir, 400, SEGMENT_LENGTH);
        final Path firstSegment = segments(dir).get(0);
        TestJournals.flipByte(firstSegment, TestJournals.FIRST_FRAME_OFFSET + RecordDescriptor.HEADER_LENGTH + 3);

        final Cli cli = Cli.run("verify", dir.toString());

        assertEquals(Herald.EXIT_DAMAGED, cli.status, cli::toString);
        assertTrue(cli.out.contains("DAMAGED at " + firstSegment + " offset " + TestJournals.FIRST_FRAME_OFFSET),
            cli.out);
        assertEquals(1, cli.errLines().length, cli::toString);
        assertTrue(cli.err.startsWith("herald verify: journal damaged: " + firstSegment + " at offset 64"), cli.err);
    }

    @Test
    void shouldReportTornTailWithoutFailing() throws Exception
    {
        final Path dir = tempDir.resolve("journal");
        TestJournals.write(dir, 30, SEGMENT_LENGTH);
        final Path segment = segments(dir).get(0);
        final int lastFrame = TestJournals.FIRST_FRAME_OFFSET + 29 * 64;
        TestJournals.flipByte(segment, lastFrame + RecordDescriptor.HEADER_LENGTH + 1);

        final Cli cli = Cli.run("verify", "--json", dir.toString());

        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        assertEquals(29, Json.number(cli.out, "records"), cli.out);
        assertTrue(cli.out.contains("\"tornTail\":{\"segment\":\"" + segment + "\",\"offset\":" + lastFrame), cli.out);
        assertTrue(cli.out.contains("\"intact\":true"), cli.out);
        assertEquals("", cli.err);
    }

    @Test
    void shouldExitOneWhenDumpCannotReadPastDamage() throws Exception
    {
        final Path dir = tempDir.resolve("journal");
        TestJournals.write(dir, 400, SEGMENT_LENGTH);
        final Path firstSegment = segments(dir).get(0);
        TestJournals.flipByte(firstSegment, TestJournals.FIRST_FRAME_OFFSET + RecordDescriptor.HEADER_LENGTH + 3);

        final Cli cli = Cli.run("dump", dir.toString());

        assertEquals(Herald.EXIT_DAMAGED, cli.status, cli::toString);
        assertEquals(1, cli.errLines().length, cli::toString);
        assertTrue(cli.err.contains(firstSegment.toString()), cli.err);
    }

    @Test
    void shouldRefuseDirectoryThatIsNotAJournal() throws Exception
    {
        final Path dir = Files.createDirectories(tempDir.resolve("photos"));
        Files.writeString(dir.resolve("cat.jpg"), "meow");

        final Cli cli = Cli.run("stats", dir.toString());

        assertEquals(Herald.EXIT_USAGE, cli.status, cli::toString);
        assertEquals(1, cli.errLines().length, cli::toString);
        assertTrue(cli.err.contains(dir.toString()), cli.err);
    }

    @Test
    void shouldCountRecordsPerType()
    {
        final Path dir = tempDir.resolve("journal");
        TestJournals.write(dir, 101, SEGMENT_LENGTH);

        final Cli cli = Cli.run("stats", "--json", dir.toString());

        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        final String json = cli.out.strip();
        assertTrue(json.contains("\"records\":101"), json);
        assertTrue(json.contains("\"segments\":" + segments(dir).size()), json);
        assertTrue(json.contains("{\"type\":1007,\"name\":null,\"records\":51,\"bytes\":" + 51 * 64 + "}"), json);
        assertTrue(json.contains("{\"type\":1009,\"name\":null,\"records\":50,\"bytes\":" + 50 * 64 + "}"), json);
        assertTrue(json.contains("\"lastSequence\":100"), json);
    }

    @Test
    void shouldPrintStatsAsText()
    {
        final Path dir = tempDir.resolve("journal");
        TestJournals.write(dir, 10, SEGMENT_LENGTH);

        final Cli cli = Cli.run("stats", dir.toString());

        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        assertTrue(cli.out.contains("records    10"), cli.out);
        assertTrue(cli.out.contains("type#1007"), cli.out);
    }

    @Test
    void shouldDumpOneJsonObjectPerRecord()
    {
        final Path dir = tempDir.resolve("journal");
        TestJournals.write(dir, 30, SEGMENT_LENGTH);

        final Cli cli = Cli.run("dump", dir.toString());

        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        final List<String> lines = cli.out.lines().toList();
        assertEquals(30, lines.size());
        final String fifth = lines.get(5);
        assertTrue(fifth.startsWith("{\"sequence\":5,"), fifth);
        assertTrue(fifth.contains("\"type\":1009,\"typeName\":null"), fifth);
        assertTrue(fifth.contains("\"correlationId\":1,\"causationId\":4,\"frameLength\":64"), fifth);
        assertTrue(fifth.endsWith("\"payload\":\"" + "05".repeat(16) + "\"}"), fifth);
    }

    @Test
    void shouldFilterDumpByFromLimitTypeAndOrder()
    {
        final Path dir = tempDir.resolve("journal");
        TestJournals.write(dir, 30, SEGMENT_LENGTH);

        final List<String> range = Cli.run("dump", dir.toString(), "--from", "10", "--limit", "3").out.lines().toList();
        final List<String> odd =
            Cli.run("dump", dir.toString(), "--type", "1009", "--payload", "none").out.lines().toList();
        final List<String> order = Cli.run("dump", dir.toString(), "--order", "4").out.lines().toList();

        assertEquals(3, range.size());
        assertTrue(range.get(0).startsWith("{\"sequence\":10,"), range.get(0));
        assertTrue(range.get(2).startsWith("{\"sequence\":12,"), range.get(2));
        assertEquals(15, odd.size());
        assertTrue(odd.stream().allMatch(line -> line.contains("\"type\":1009,") && !line.contains("payload")));
        assertEquals(3, order.size());
        assertTrue(order.get(0).startsWith("{\"sequence\":12,"), order.get(0));
    }

    @Test
    void shouldDecodeHandlerFailureFacts()
    {
        final Path dir = tempDir.resolve("journal");
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[64]);
        int length = 0;
        for (final String field : new String[]{ "payment", "java.lang.IllegalStateException", "gateway \"down\"" })
        {
            payload.putInt(length, field.length(), ByteOrder.LITTLE_ENDIAN);
            length += Integer.BYTES + payload.putStringWithoutLengthAscii(length + Integer.BYTES, field);
        }
        try (JournalWriter writer = Journal.openWriter(new Journal.Context()
            .directory(dir).segmentLength(SEGMENT_LENGTH).durability(DurabilityPolicy.PAGE_CACHE)))
        {
            writer.append(RecordDescriptor.TYPE_HANDLER_FAILED, (short)1, (short)0, 42, 7, payload, 0, length);
        }

        final Cli cli = Cli.run("dump", dir.toString(), "--type", "HandlerFailed");

        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        assertTrue(cli.out.strip().endsWith("\"typeName\":\"HandlerFailed\",\"schemaVersion\":1,\"flags\":0," +
            "\"correlationId\":42,\"causationId\":7,\"frameLength\":" + (RecordDescriptor.HEADER_LENGTH + length) +
            ",\"fact\":{\"stage\":\"payment\",\"exceptionClass\":\"java.lang.IllegalStateException\"," +
            "\"message\":\"gateway \\\"down\\\"\"}}"), cli.out);
    }

    @Test
    void shouldNameEncodeFailedRecords()
    {
        final Path dir = tempDir.resolve("journal");
        try (JournalWriter writer = Journal.openWriter(new Journal.Context()
            .directory(dir).segmentLength(SEGMENT_LENGTH).durability(DurabilityPolicy.PAGE_CACHE)))
        {
            writer.append(RecordDescriptor.TYPE_ENCODE_FAILED, (short)0, (short)0, 42, -1, new UnsafeBuffer(new byte[0]),
                0, 0);
        }

        final Cli dump = Cli.run("dump", dir.toString(), "--type", "EncodeFailed");
        final Cli stats = Cli.run("stats", dir.toString());

        assertEquals(Herald.EXIT_OK, dump.status, dump::toString);
        assertTrue(dump.out.contains("\"type\":-3,\"typeName\":\"EncodeFailed\""), dump.out);
        assertEquals(Herald.EXIT_OK, stats.status, stats::toString);
        assertTrue(stats.out.contains("EncodeFailed"), stats.out);
    }

    @Test
    void shouldRejectUnknownTypeName()
    {
        final Path dir = tempDir.resolve("journal");
        TestJournals.write(dir, 3, SEGMENT_LENGTH);

        final Cli cli = Cli.run("dump", dir.toString(), "--type", "NoSuchFact");

        assertEquals(Herald.EXIT_USAGE, cli.status, cli::toString);
        assertEquals("herald dump: invalid --type=NoSuchFact, not a Herald message type name or a number (this " +
            "journal is not the store's: its types are numbers)", cli.err.strip());
    }

    @Test
    void shouldMentionOtherFilesAndALiveWriter() throws Exception
    {
        final Path dir = tempDir.resolve("live");
        TestJournals.write(dir, 3, SEGMENT_LENGTH);
        java.nio.file.Files.writeString(dir.resolve("notes.txt"), "mine");

        final Cli quiet = Cli.run("verify", dir.toString());
        assertEquals(Herald.EXIT_OK, quiet.status, quiet::toString);
        assertTrue(quiet.out.contains("other      notes.txt (not part of the journal)"), quiet.out);
        assertTrue(!quiet.out.contains("writer"), quiet.out);

        try (dev.herald.journal.JournalWriter writer = dev.herald.journal.Journal.openWriter(
            new dev.herald.journal.Journal.Context().directory(dir).segmentLength(SEGMENT_LENGTH)
                .durability(dev.herald.journal.DurabilityPolicy.PAGE_CACHE).applicationId(TestJournals.APPLICATION_ID)))
        {
            final Cli live = Cli.run("verify", dir.toString(), "--json");
            assertEquals(Herald.EXIT_OK, live.status, live::toString);
            assertTrue(live.out.contains("\"liveWriter\":true"), live.out);
            assertTrue(live.out.contains("\"otherFiles\":[\"notes.txt\"]"), live.out);
        }
        assertTrue(!dev.herald.journal.Journal.hasLiveWriter(dir), "released with the writer");
    }

    @Test
    void shouldTraceAnyJournalByCorrelationId()
    {
        final Path dir = tempDir.resolve("any-app");
        TestJournals.write(dir, 9, SEGMENT_LENGTH);

        final Cli cli = Cli.run("trace", dir.toString(), "--order", "1");

        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        assertTrue(cli.out.startsWith("correlation id 1: 3 facts (not a store journal: types by number)"), cli.out);
        assertTrue(cli.out.contains("type#1009") && cli.out.contains("type#1007"), cli.out);
    }

    @Test
    void shouldNameAnotherApplicationsTypesByNumberOnly()
    {
        final Path dir = tempDir.resolve("other-app");
        try (dev.herald.journal.JournalWriter writer = dev.herald.journal.Journal.openWriter(
            new dev.herald.journal.Journal.Context().directory(dir).segmentLength(SEGMENT_LENGTH)
                .durability(dev.herald.journal.DurabilityPolicy.PAGE_CACHE).applicationId(0x1234)))
        {
            final org.agrona.concurrent.UnsafeBuffer payload = new org.agrona.concurrent.UnsafeBuffer(new byte[16]);
            writer.append(dev.herald.store.StoreMessageTypes.PAYMENT_CAPTURED, (short)1, (short)0, 5,
                dev.herald.journal.RecordDescriptor.NO_CAUSATION, payload, 0, 16);
        }

        final Cli dump = Cli.run("dump", dir.toString());
        final Cli stats = Cli.run("stats", dir.toString());

        assertEquals(Herald.EXIT_OK, dump.status, dump::toString);
        assertTrue(!dump.out.contains("PaymentCaptured"), dump.out);
        assertEquals(Herald.EXIT_OK, stats.status, stats::toString);
        assertTrue(stats.out.contains("type#" + dev.herald.store.StoreMessageTypes.PAYMENT_CAPTURED), stats.out);
        assertTrue(!stats.out.contains("PaymentCaptured"), stats.out);
    }

    private static List<Path> segments(final Path dir)
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(p -> p.getFileName().toString().endsWith(Journal.SEGMENT_SUFFIX)).sorted().toList();
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
