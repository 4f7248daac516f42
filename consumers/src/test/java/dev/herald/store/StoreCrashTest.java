package dev.herald.store;

import dev.herald.engine.Engine;
import dev.herald.journal.ChildJvm;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.herald.store.StoreMessageTypes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash convergence, end to end: a child JVM runs the store with per-batch durability and ledger ports; it is
 * killed with {@code destroyForcibly} at random moments and resumed over its journal, again and again, then run to
 * the end. The facts, the ledger and a replay must then agree that every order ended exactly once and every effect
 * happened once. Rounds: {@value #ROUNDS_DEFAULT} times {@code herald.test.scale}.
 */
class StoreCrashTest
{
    private static final int ROUNDS_DEFAULT = 10;
    private static final int SCALE = Integer.getInteger("herald.test.scale", 1);
    private static final int ROUNDS = ROUNDS_DEFAULT * SCALE;
    private static final long ORDERS = 1_500L * ROUNDS;
    private static final long SEED = 7;

    @TempDir
    Path dir;

    @Test
    @Timeout(600)
    void shouldConvergeAfterEveryKill() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final Path ledger = dir.resolve("ledger.txt");
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        long found = 0;
        int snapshotResumes = 0;
        String done = null;
        for (int round = 0; round <= ROUNDS && done == null; round++)
        {
            final String label = "seed=" + seed + " round=" + round;
            final Process child = ChildJvm.start(StoreCrashMain.class, journal.toString(), ledger.toString(),
                Long.toString(ORDERS), Long.toString(SEED));
            try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII)))
            {
                final String start = out.readLine();
                assertNotNull(start, label + ": child wrote nothing");
                final String[] started = start.split(" ");
                final long placed = Long.parseLong(started[1]);
                snapshotResumes += Integer.parseInt(started[2]) > 0 ? 1 : 0;
                assertTrue(placed >= found, label + ": the journal lost orders: " + placed + " < " + found);
                found = placed;
                final int linesBeforeKill = round == ROUNDS ? Integer.MAX_VALUE : 1 + random.nextInt(6);
                for (int i = 0; i < linesBeforeKill; i++)
                {
                    final String line = out.readLine();
                    assertNotNull(line, label + ": child died early");
                    if (line.startsWith("done "))
                    {
                        done = line;
                        break;
                    }
                }
                if (done == null)
                {
                    child.destroyForcibly();
                }
                assertTrue(child.waitFor(60, TimeUnit.SECONDS), label);
                if (done != null)
                {
                    assertEquals(0, child.exitValue(), label);
                }
            }
        }
        assertNotNull(done, "the last round ran to the end");
        final String[] result = done.split(" ");
        assertEquals("0", result[2], "orders left open");

        // A replay of the final journal gives the final live digest.
        final OrderGenerator generator = new OrderGenerator(SEED);
        final Store replayed = new Store(generator.stockInto(new Store.Context().window(1024, Long.MAX_VALUE)));
        Engine.replay(journal, 0, Long.MAX_VALUE, replayed.handlers());
        assertEquals(result[1], Long.toHexString(replayed.digest().value()));
        assertEquals(0, replayed.orders().open());
        final InventoryReaction inventory = replayed.inventory();
        assertEquals(replayed.context().totalStock() + inventory.unitsReceived(),
            inventory.totalAvailable() + inventory.unitsHeld(), "stock conserved");

        // The facts: one placement, one payment outcome and one terminal state per order; one receipt and one
        // shipment per completed order.
        final Map<Long, int[]> counts = new HashMap<>();
        final Map<Long, Long> completedAmounts = new HashMap<>();
        final OrderEventCodec event = new OrderEventCodec();
        try (JournalReader reader = Journal.openReader(journal))
        {
            reader.replay(0, Long.MAX_VALUE, (record) ->
            {
                final int type = record.messageType();
                final int[] c = counts.computeIfAbsent(record.correlationId(), (id) -> new int[5]);
                if (type == ORDER_PLACED)
                {
                    c[0]++;
                }
                else if (type == PAYMENT_CAPTURED || type == PAYMENT_FAILED)
                {
                    c[1]++;
                }
                else if (type == ORDER_COMPLETED || type == ORDER_CANCELLED)
                {
                    c[2]++;
                    if (type == ORDER_COMPLETED)
                    {
                        completedAmounts.put(record.correlationId(), event.wrap(record).amount());
                    }
                }
                else if (type == RECEIPT_EMAILED)
                {
                    c[3]++;
                }
                else if (type == WAREHOUSE_NOTIFIED)
                {
                    c[4]++;
                }
                return true;
            });
        }
        final OrderGenerator stream = new OrderGenerator(SEED);
        final OrderRequest request = new OrderRequest();
        for (long i = 0; i < ORDERS; i++)
        {
            stream.next(request);
        }
        assertEquals(stream.distinctOrders(), counts.size(), "distinct orders");
        for (final Map.Entry<Long, int[]> entry : counts.entrySet())
        {
            final int[] c = entry.getValue();
            final String order = "order " + entry.getKey();
            assertTrue(c[0] >= 1, order + " placed");
            assertEquals(1, c[1], order + ": payment outcomes");
            assertEquals(1, c[2], order + ": terminal states");
            final int expected = completedAmounts.containsKey(entry.getKey()) ? 1 : 0;
            assertEquals(expected, c[3], order + ": receipts");
            assertEquals(expected, c[4], order + ": shipments");
        }

        // The ledger: no key took effect twice; captured money is refunded or belongs to a completed order;
        // every completed order was mailed and shipped, no other.
        final Set<String> effects = new HashSet<>();
        System.out.println("StoreCrashTest: " + LedgerPorts.read(ledger).stream().filter((l) -> l[0].equals("repeat"))
            .count() + " calls repeated after a kill, recognised by their idempotency key; " + snapshotResumes +
            " resumes from snapshots");
        long captured = 0;
        long refunded = 0;
        final Set<Long> mailed = new HashSet<>();
        final Set<Long> shipped = new HashSet<>();
        for (final String[] line : LedgerPorts.read(ledger))
        {
            if (line[0].equals("repeat"))
            {
                continue;
            }
            assertTrue(effects.add(line[0] + " " + line[1]), "twice: " + String.join(" ", line));
            final long orderId = Long.parseLong(line[1]);
            switch (line[0])
            {
                case LedgerPorts.CAPTURE -> captured += Long.parseLong(line[2]);
                case LedgerPorts.REFUND -> refunded += Long.parseLong(line[2]);
                case LedgerPorts.MAIL -> mailed.add(orderId);
                default -> shipped.add(orderId);
            }
        }
        final long completedTotal = completedAmounts.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(captured, refunded + completedTotal, "captured = refunded + completed");
        assertEquals(completedAmounts.keySet(), mailed, "mailed exactly the completed orders");
        assertEquals(completedAmounts.keySet(), shipped, "shipped exactly the completed orders");
    }
}
