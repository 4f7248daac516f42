package dev.herald.cli;

import dev.herald.engine.ThreadLayout;
import dev.herald.engine.WaitStrategy;
import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalWriter;
import dev.herald.store.StoreSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * run, replay and trace in this JVM over one small run's journal, made once for the class.
 */
@Timeout(60)
class StoreCommandsTest
{
    private static final String ORDERS = "1500";
    private static final String SEED = "7";
    private static final String SEGMENT = "1048576";

    @TempDir
    static Path sharedDir;

    @TempDir
    Path tempDir;

    private static Path journal;
    private static String runJson;

    @BeforeAll
    static void runOnce()
    {
        journal = sharedDir.resolve("herald-data");
        final Cli cli = runStore("--orders", ORDERS, "--seed", SEED, "--journal", journal.toString(),
            "--durability", "page-cache", "--json");
        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        runJson = cli.out.strip();
    }

    @Test
    void shouldPrintRunSummaryAsOneJsonObjectWithContractKeys()
    {
        assertFalse(runJson.contains("\n"), runJson);
        assertEquals(Long.parseLong(ORDERS), Json.number(runJson, "orders"));
        assertTrue(Json.number(runJson, "events") > Long.parseLong(ORDERS), runJson);
        assertEquals(16, Json.string(runJson, "stateDigest").length(), runJson);
        assertEquals(0, Json.number(runJson, "handlerFailures"), runJson);
        assertTrue(runJson.contains("\"latencyMicros\":{\"p50\":"), runJson);
        assertTrue(runJson.contains("\"payment\":{\"outcomes\":{\"PaymentCaptured\":"), runJson);
        final String journalBatches = runJson.substring(runJson.indexOf("\"journalBatches\":"));
        final long batches = Json.number(journalBatches, "batches");
        assertTrue(batches > 0 && batches <= Json.number(runJson, "events"), runJson);
        assertTrue(Json.number(journalBatches, "maxBatch") > 1, "the journal commits in groups: " + runJson);
    }

    @Test
    void shouldReplayToTheRunsDigestTwice()
    {
        final Cli first = Cli.run("replay", journal.toString(), "--json");
        final Cli second = Cli.run("replay", journal.toString(), "--json");

        assertEquals(Herald.EXIT_OK, first.status, first::toString);
        assertEquals(Json.string(runJson, "stateDigest"), Json.string(first.out, "stateDigest"));
        assertEquals(Json.string(first.out, "stateDigest"), Json.string(second.out, "stateDigest"));
        assertEquals(Json.number(runJson, "orders"), Json.number(first.out, "orders"));
        assertEquals(Json.number(runJson, "events"), Json.number(first.out, "events"));
    }

    @Test
    void shouldRunInEveryThreadLayoutAndReplayToItsDigest()
    {
        for (final String layout : List.of("dedicated", "shared", "shared-stages", "split", "invoker"))
        {
            final Path dir = tempDir.resolve(layout);
            final Cli run = runStore("--orders", "300", "--threads", layout, "--wait-strategy", "blocking",
                "--journal", dir.toString(), "--json");
            assertEquals(Herald.EXIT_OK, run.status, run::toString);
            assertEquals(layout, Json.string(run.out, "threadLayout"), run.out);
            assertEquals("blocking", Json.string(run.out, "waitStrategy"), run.out);
            assertEquals(300, Json.number(run.out, "orders"), run.out);

            final Cli replay = Cli.run("replay", dir.toString(), "--json");
            assertEquals(Herald.EXIT_OK, replay.status, replay::toString);
            assertEquals(Json.string(run.out, "stateDigest"), Json.string(replay.out, "stateDigest"), layout);
        }
    }

    @Test
    void shouldSplitTheStagesForARunAsFastAsPossibleWhereTheMachineWouldShareOneThread()
    {
        final int cores = Runtime.getRuntime().availableProcessors();
        final ThreadLayout machine =
            ThreadLayout.forMachine(cores, DurabilityPolicy.PAGE_CACHE, 8, WaitStrategy.ADAPTIVE);
        final Cli fast = runStore("--orders", "300", "--durability", "page-cache",
            "--journal", tempDir.resolve("auto-fast").toString(), "--json");
        assertEquals(Herald.EXIT_OK, fast.status, fast::toString);
        assertEquals(machine == ThreadLayout.SHARED ? "split" : machine.alias(), Json.string(fast.out, "threadLayout"));

        final Cli paced = runStore("--orders", "300", "--durability", "page-cache", "--rate", "5000",
            "--journal", tempDir.resolve("auto-paced").toString(), "--json");
        assertEquals(Herald.EXIT_OK, paced.status, paced::toString);
        assertEquals(machine.alias(), Json.string(paced.out, "threadLayout"), "a fixed rate keeps the latency layout");
    }

    @Test
    void shouldReplayOnlyTheGivenRange()
    {
        final Cli cli = Cli.run("replay", journal.toString(), "--from", "10", "--to", "19", "--json");

        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        assertEquals(10, Json.number(cli.out, "events"));
        assertEquals(10, Json.number(cli.out, "firstSequence"));
        assertEquals(19, Json.number(cli.out, "lastSequence"));
        assertNotEquals(Json.string(runJson, "stateDigest"), Json.string(cli.out, "stateDigest"));
    }

    @Test
    void shouldPrintTextSummaryOfReplay()
    {
        final Cli cli = Cli.run("replay", journal.toString());

        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        assertTrue(cli.out.contains("digest      " + Json.string(runJson, "stateDigest")), cli.out);
        assertTrue(cli.out.contains("payment    PaymentCaptured"), cli.out);
    }

    @Test
    void shouldTraceCancelledOrderInCausalOrder()
    {
        final long orderId = firstOrderWith("OrderCancelled");

        final Cli cli = Cli.run("trace", journal.toString(), "--order", Long.toString(orderId));

        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        final List<String> lines = cli.out.lines().toList();
        assertTrue(lines.get(0).startsWith("order " + orderId + ": "), cli.out);
        assertTrue(lines.get(0).contains("cancelled"), cli.out);
        assertTrue(lines.get(1).contains("times are emit times"), cli.out);
        final String placed = lines.get(3);
        assertTrue(placed.contains("producer") && placed.contains("OrderPlaced") && placed.contains("+0.000 ms"),
            cli.out);
        final String cancelled = lines.stream().filter(l -> l.contains("OrderCancelled")).findFirst().orElseThrow();
        assertTrue(cancelled.contains(" orders "), cancelled);
        assertCausalOrder(lines.subList(3, lines.size()));
    }

    @Test
    void shouldTraceInJournalOrderWhenAsked()
    {
        final long orderId = firstOrderWith("OrderCancelled");

        final Cli cli = Cli.run("trace", journal.toString(), "--order", Long.toString(orderId), "--by-sequence");

        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        final List<String> rows = cli.out.lines().skip(3).toList();
        long previous = -1;
        for (final String row : rows)
        {
            final long sequence = Long.parseLong(row.substring(0, 10).strip());
            assertTrue(sequence > previous, () -> "in sequence order: " + cli.out);
            previous = sequence;
        }
        assertTrue(rows.size() > 2, cli.out);
    }

    /** Every fact's cause is on an earlier line of the story (the order's first fact has none). */
    private static void assertCausalOrder(final List<String> rows)
    {
        final java.util.Set<Long> seen = new java.util.HashSet<>();
        for (final String row : rows)
        {
            final long sequence = Long.parseLong(row.substring(0, 10).strip());
            final String cause = row.substring(74, 83).strip();
            assertTrue(cause.equals("-") || seen.contains(Long.parseLong(cause)), () -> "cause before " + row);
            seen.add(sequence);
        }
    }

    @Test
    void shouldTraceAsJson()
    {
        final long orderId = firstOrderWith("OrderCompleted");

        final Cli cli = Cli.run("trace", journal.toString(), "--order", Long.toString(orderId), "--json");

        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        assertEquals("completed", Json.string(cli.out, "outcome"));
        assertTrue(cli.out.contains("\"typeName\":\"OrderPlaced\",\"stage\":\"producer\",\"causationId\":-1"),
            cli.out);
    }

    @Test
    void shouldFailTraceOfUnknownOrderWithUsageStatus()
    {
        final Cli cli = Cli.run("trace", journal.toString(), "--order", "999999999");

        assertEquals(Herald.EXIT_USAGE, cli.status, cli::toString);
        assertEquals("herald trace: order 999999999: no facts about it in " + journal, cli.err.strip());
    }

    @Test
    void shouldDumpDecodedFacts()
    {
        final Cli cli = Cli.run("dump", journal.toString(), "--type", "OrderPlaced", "--limit", "2");

        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        final List<String> lines = cli.out.lines().toList();
        assertEquals(2, lines.size(), cli.out);
        assertTrue(lines.get(0).contains("\"typeName\":\"OrderPlaced\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"fact\":{\"orderId\":1,\"customerId\":"), lines.get(0));
        assertTrue(lines.get(0).contains("\"items\":[{\"sku\":"), lines.get(0));
        assertFalse(lines.get(0).contains("\"payload\""), lines.get(0));
    }

    @Test
    void shouldPublishTheSameOrdersForTheSameSeed()
    {
        final Path again = tempDir.resolve("again");
        final Cli cli = runStore("--orders", ORDERS, "--seed", SEED, "--journal", again.toString(),
            "--durability", "page-cache", "--threads", "dedicated", "--json");
        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);

        assertEquals(orderFacts(journal), orderFacts(again));
    }

    @Test
    void shouldResumeAStoreJournalAndContinueItsOrderStream()
    {
        final Path dir = tempDir.resolve("resumed");
        final Cli first = runStore("--orders", "300", "--seed", "11", "--journal", dir.toString(),
            "--durability", "page-cache", "--json");
        assertEquals(Herald.EXIT_OK, first.status, first::toString);
        assertEquals(0, Json.number(first.out, "ordersOpen"));

        final Cli second = runStore("--orders", "500", "--journal", dir.toString(), "--durability", "page-cache",
            "--json");

        assertEquals(Herald.EXIT_OK, second.status, second::toString);
        assertEquals(11, Json.number(second.out, "seed"), "the seed the journal was started with");
        assertTrue(second.out.contains("\"resumed\":true"), second.out);
        assertEquals(300, Json.number(second.out, "ordersFound"));
        assertEquals(0, Json.number(second.out, "owedFacts"), "a run that settled owes nothing");
        assertEquals(500, Json.number(second.out, "orders"), "--orders counts the journal's orders");
        assertEquals(0, Json.number(second.out, "ordersOpen"));
        assertEquals(8, Json.number(second.out, "snapshotsLoaded"), "the first run's close took snapshots");
        assertEquals(0, Json.number(second.out, "recordsReplayed"));
        assertEquals(0, Json.number(second.out, "firstSequence"), "one journal, continued");

        final Cli replay = Cli.run("replay", dir.toString(), "--json");
        assertEquals(Herald.EXIT_OK, replay.status, replay::toString);
        assertEquals(Json.string(second.out, "stateDigest"), Json.string(replay.out, "stateDigest"));
        assertEquals(0, Json.number(replay.out, "ordersOpen"));

        deleteTree(dir.resolve("snapshots"));
        final Cli snapshot = Cli.run("snapshot", dir.toString(), "--json");
        assertEquals(Herald.EXIT_OK, snapshot.status, snapshot::toString);
        assertEquals(8, Json.number(snapshot.out, "snapshots"), "seven reactions and the latency stage");
        assertEquals(Json.number(second.out, "lastSequence"), Json.number(snapshot.out, "sequence"));
        final Cli third = runStore("--orders", "600", "--journal", dir.toString(), "--durability", "page-cache",
            "--json");
        assertEquals(Herald.EXIT_OK, third.status, third::toString);
        assertEquals(8, Json.number(third.out, "snapshotsLoaded"), "seven reactions and the latency stage");
        assertEquals(0, Json.number(third.out, "recordsReplayed"), "nothing to replay after the snapshots");
        assertEquals(500, Json.number(third.out, "ordersFound"));
        assertEquals(0, Json.number(third.out, "ordersOpen"));

        final Cli orderIds = Cli.run("dump", dir.toString(), "--type", "OrderPlaced", "--payload", "none");
        assertEquals(Herald.EXIT_OK, orderIds.status, orderIds::toString);
        assertEquals(600, orderIds.out.lines().filter((line) -> line.contains("OrderPlaced")).count());
    }

    @Test
    void shouldKnowTheTotalOfAReplayToTheEnd()
    {
        final Cli stats = Cli.run("stats", journal.toString(), "--json");
        assertEquals(Json.number(stats.out, "records"), ReplayCommand.recordsFrom(journal, 0));
        assertEquals(Json.number(stats.out, "records") - 10, ReplayCommand.recordsFrom(journal, 10));
    }

    @Test
    void shouldPrintNoEmptyColumnsInAReplay()
    {
        final Cli cli = Cli.run("replay", journal.toString());

        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        assertTrue(cli.out.contains("  reactions   stage      outcomes\n"), cli.out);
        assertTrue(cli.out.lines().noneMatch((line) -> line.strip().endsWith(" -")), cli.out);
    }

    @Test
    void shouldSayWhereTheJournalEndsWhenReplayStartsPastIt()
    {
        final Cli cli = Cli.run("replay", journal.toString(), "--from", "99999999");

        assertEquals(Herald.EXIT_USAGE, cli.status, cli::toString);
        assertEquals(1, cli.errLines().length, cli::toString);
        assertTrue(cli.err.startsWith("herald replay: invalid --from=99999999, the journal ends at sequence "),
            cli.err);
    }

    @Test
    void shouldRefuseToResumeWithAnotherSeed()
    {
        final Path dir = tempDir.resolve("seeded");
        assertEquals(Herald.EXIT_OK, runStore("--orders", "10", "--seed", "5", "--journal", dir.toString(),
            "--durability", "page-cache").status);

        final Cli cli = runStore("--orders", "20", "--seed", "6", "--journal", dir.toString());

        assertEquals(Herald.EXIT_USAGE, cli.status, cli::toString);
        assertEquals(1, cli.errLines().length, cli::toString);
        assertTrue(cli.err.contains("--seed 5, not 6") && cli.err.contains("--force-new"), cli.err);
    }

    @Test
    void shouldReplaceJournalWithForceNew()
    {
        final Path dir = tempDir.resolve("twice");
        assertEquals(Herald.EXIT_OK, runStore("--orders", "50", "--journal", dir.toString(),
            "--durability", "page-cache").status);

        final Cli cli = runStore("--orders", "20", "--journal", dir.toString(), "--durability", "page-cache",
            "--force-new", "--json");

        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        assertEquals(20, Json.number(cli.out, "orders"));
        assertEquals(0, Json.number(cli.out, "firstSequence"));
    }

    @Test
    void shouldRefuseJournalOfAnotherApplication()
    {
        final Path dir = tempDir.resolve("other");
        TestJournals.write(dir, 5, 4096);

        final Cli run = runStore("--orders", "10", "--journal", dir.toString(), "--force-new");
        final Cli replay = Cli.run("replay", dir.toString());

        assertEquals(Herald.EXIT_USAGE, run.status, run::toString);
        assertTrue(run.err.contains("another application"), run.err);
        assertEquals(Herald.EXIT_USAGE, replay.status, replay::toString);
        assertTrue(replay.err.contains("not a store journal"), replay.err);
        assertEquals(1, replay.errLines().length, replay::toString);
    }

    @Test
    void shouldRefuseJournalLockedByRunningWriter()
    {
        final Path dir = tempDir.resolve("locked");
        final JournalWriter writer = Journal.openWriter(new Journal.Context().directory(dir)
            .durability(DurabilityPolicy.PAGE_CACHE).applicationId(StoreSchema.APPLICATION_ID).segmentLength(4096));
        final Cli cli;
        try
        {
            cli = runStore("--orders", "10", "--journal", dir.toString(), "--force-new");
        }
        finally
        {
            writer.close();
        }

        assertEquals(Herald.EXIT_USAGE, cli.status, cli::toString);
        assertEquals(1, cli.errLines().length, cli::toString);
        assertEquals("herald run: journal " + dir + " is locked by a running writer", cli.err.strip());
    }

    @Test
    void shouldRejectBadRunOptionsNamingTheValue()
    {
        final Cli rate = runStore("--rate", "-5", "--journal", tempDir.resolve("x").toString());
        final Cli durability = runStore("--durability", "sometimes", "--journal", tempDir.toString());
        final Cli threads = runStore("--threads", "many");

        assertEquals(Herald.EXIT_USAGE, rate.status, rate::toString);
        assertEquals("herald run: invalid --rate=-5.0, must be >= 0", rate.err.strip());
        assertEquals(Herald.EXIT_USAGE, durability.status, durability::toString);
        assertTrue(durability.err.contains("sometimes"), durability.err);
        assertEquals(Herald.EXIT_USAGE, threads.status, threads::toString);
        assertTrue(threads.err.contains("many"), threads.err);
    }

    @Test
    void shouldRunAtFixedRateWithMailerDown()
    {
        final Path dir = tempDir.resolve("rate");

        final Cli cli = runStore("--orders", "200", "--rate", "2000", "--mailer-down", "--threads", "shared",
            "--journal", dir.toString(), "--durability", "page-cache", "--json");

        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        assertTrue(cli.out.contains("\"correctedForCoordinatedOmission\":true"), cli.out);
        assertEquals(0, Json.number(cli.out, "ReceiptEmailed"), cli.out);
        assertTrue(Json.number(cli.out, "EmailFailed") > 0, cli.out);
        assertEquals(Json.string(cli.out, "stateDigest"),
            Json.string(Cli.run("replay", dir.toString(), "--json").out, "stateDigest"));
    }

    /** {@code herald run} with small segments, so the test journals stay small on disk. */
    private static void deleteTree(final Path root)
    {
        try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(root))
        {
            for (final Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList())
            {
                java.nio.file.Files.delete(path);
            }
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static Cli runStore(final String... args)
    {
        final String[] command = new String[args.length + 3];
        command[0] = "run";
        command[1] = "--segment-length";
        command[2] = SEGMENT;
        System.arraycopy(args, 0, command, 3, args.length);
        return Cli.run(command);
    }

    private static long firstOrderWith(final String typeName)
    {
        final Cli cli = Cli.run("dump", journal.toString(), "--type", typeName, "--limit", "1", "--payload", "none");
        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        return Json.number(cli.out, "correlationId");
    }

    /** The OrderPlaced facts' decoded payloads in publish order, without sequences and timestamps. */
    private static List<String> orderFacts(final Path dir)
    {
        final Cli cli = Cli.run("dump", dir.toString(), "--type", "OrderPlaced");
        assertEquals(Herald.EXIT_OK, cli.status, cli::toString);
        return cli.out.lines().map(line -> line.substring(line.indexOf("\"fact\":"))).toList();
    }
}
