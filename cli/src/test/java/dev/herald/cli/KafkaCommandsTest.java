package dev.herald.cli;

import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalWriter;
import dev.herald.journal.RecordDescriptor;
import dev.herald.kafka.KafkaRecordFormat;
import dev.herald.kafka.TestBroker;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/** {@code herald export} against a real broker, and {@code herald dump --follow} on a journal being written. */
class KafkaCommandsTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldExportARunsJournalOnceAndResumeAfterIt() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final Cli run = Cli.run("run", "--journal", journal.toString(), "--orders", "500", "--json");
        assertEquals(Herald.EXIT_OK, run.status, run::toString);
        final long records = Json.number(run.out, "lastSequence") + 1;
        assertEquals(0, Json.number(run.out, "firstSequence"));
        final String topic = TestBroker.createTopic("cli-export", 2);

        final Cli first = Cli.run("export", journal.toString(), "--bootstrap-servers", TestBroker.bootstrapServers(),
            "--topic", topic, "--json");
        assertEquals(Herald.EXIT_OK, first.status, first::toString);
        assertEquals(records, Json.number(first.out, "records"), first::toString);
        assertEquals(-1, Json.number(first.out, "resumedAfter"));
        assertEquals(records - 1, Json.number(first.out, "exportedSequence"));

        final Cli again = Cli.run("export", journal.toString(), "--bootstrap-servers", TestBroker.bootstrapServers(),
            "--topic", topic);
        assertEquals(Herald.EXIT_OK, again.status, again::toString);
        assertTrue(again.out.startsWith("exported 0 records of "), again::toString);
        assertTrue(again.out.contains("the topic already held sequences up to " + (records - 1)), again::toString);

        final List<ConsumerRecord<byte[], byte[]>> exported = TestBroker.readCommitted(topic);
        final Set<Long> sequences = new HashSet<>();
        exported.forEach(record ->
            sequences.add(KafkaRecordFormat.longHeader(record.headers(), KafkaRecordFormat.SEQUENCE, -1)));
        assertEquals(records, exported.size(), "each record once");
        assertEquals(records, sequences.size(), "each sequence once");
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldFollowALiveJournalUntilSignalledAndCommitWhatItSent() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final Cli first = Cli.run("run", "--journal", journal.toString(), "--orders", "300", "--json");
        assertEquals(Herald.EXIT_OK, first.status, first::toString);
        final String topic = TestBroker.createTopic("cli-follow", 2);
        final Path out = dir.resolve("export-out.json");
        final Process export = new ProcessBuilder(HeraldProcessTest.command("export", journal.toString(),
            "--bootstrap-servers", TestBroker.bootstrapServers(), "--topic", topic, "--follow", "--json"))
            .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try
        {
            awaitTopicHolds(topic, Json.number(first.out, "lastSequence") + 1, export);
            // the journal grows while the export follows it
            final Cli more = Cli.run("run", "--journal", journal.toString(), "--orders", "600", "--json");
            assertEquals(Herald.EXIT_OK, more.status, more::toString);
            final long records = Json.number(more.out, "lastSequence") + 1;
            awaitTopicHolds(topic, records, export);

            export.destroy(); // SIGTERM
            assertTrue(export.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(Herald.EXIT_INTERRUPTED, export.exitValue());
            final String summary = java.nio.file.Files.readString(out);
            assertEquals(records, Json.number(summary, "records"), summary);
            assertTrue(summary.contains("\"interrupted\":true"), summary);
            assertEquals(records, TestBroker.readCommitted(topic).size(), "each record once");
        }
        finally
        {
            export.destroyForcibly();
        }
    }

    private static void awaitTopicHolds(final String topic, final long records, final Process export)
        throws Exception
    {
        while (TestBroker.readCommitted(topic).size() < records)
        {
            assertTrue(export.isAlive(), "herald export ended early");
            Thread.sleep(100); // another process's progress can only be polled
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldGiveUpOnAnUnreachableBrokerWithOneLineReasons()
    {
        final Path journal = dir.resolve("journal");
        TestJournals.write(journal, 10, 64 * 1024);
        final Cli cli = Cli.run("export", journal.toString(), "--bootstrap-servers", "127.0.0.1:1", "--topic", "t",
            "--retry-for", "2", "--request-timeout", "1");
        assertEquals(Herald.EXIT_UNAVAILABLE, cli.status, cli::toString);
        final String[] lines = cli.errLines();
        assertTrue(lines.length >= 2, cli::toString);
        assertTrue(lines[0].startsWith("herald export: kafka at 127.0.0.1:1: "), cli::toString);
        assertTrue(lines[0].endsWith("; retrying in 1000 ms"), cli::toString);
        assertTrue(lines[lines.length - 1].startsWith("herald export: gave up after 2 s of failures at kafka " +
            "127.0.0.1:1"), cli::toString);
        assertFalse(cli.err.contains("\tat "), "no stack trace");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldNameAMissingTopic() throws Exception
    {
        final Path journal = dir.resolve("journal");
        TestJournals.write(journal, 10, 64 * 1024);
        final Cli cli = Cli.run("export", journal.toString(), "--bootstrap-servers", TestBroker.bootstrapServers(),
            "--topic", "no-such-topic");
        assertEquals(Herald.EXIT_USAGE, cli.status, cli::toString);
        assertEquals(1, cli.errLines().length, cli::toString);
        assertTrue(cli.err.startsWith("herald export: topic no-such-topic does not exist"), cli::toString);
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldFollowRecordsAsTheyAreAppended() throws Exception
    {
        final Path journal = dir.resolve("journal");
        TestJournals.write(journal, 3, 64 * 1024);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CompletableFuture<Integer> dump = CompletableFuture.supplyAsync(() -> Herald.execute(
            new PrintWriter(out), new PrintWriter(err), "dump", journal.toString(), "--follow", "--limit", "8"));

        // the first three are printed while the writer is yet to append the rest
        while (out.toString().lines().count() < 3)
        {
            assertFalse(dump.isDone(), () -> "dump ended early: " + out + err);
            Thread.sleep(5);
        }
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[16]);
        try (JournalWriter writer = Journal.openWriter(new Journal.Context()
            .directory(journal)
            .segmentLength(64 * 1024)
            .durability(DurabilityPolicy.PAGE_CACHE)
            .applicationId(TestJournals.APPLICATION_ID)))
        {
            for (int i = 0; i < 5; i++)
            {
                writer.append(1007, (short)1, (short)0, 42, RecordDescriptor.NO_CAUSATION, payload, 0, 16);
                writer.endOfBatch();
            }
        }
        assertEquals(Herald.EXIT_OK, dump.get(), () -> out + "\n" + err);
        final List<String> lines = out.toString().lines().toList();
        assertEquals(8, lines.size(), out::toString);
        for (int i = 0; i < 8; i++)
        {
            assertEquals(i, Json.number(lines.get(i), "sequence"));
        }
        assertEquals(42, Json.number(lines.get(7), "correlationId"));
    }
}
