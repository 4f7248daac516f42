package dev.herald.cli;

import dev.herald.journal.JournalReader;
import dev.herald.journal.RecordDescriptor;
import dev.herald.store.OrderTrace;
import dev.herald.store.StoreMessageTypes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code herald trace}: one order's facts from {@link OrderTrace}, as a causation tree.
 */
@Command(
    name = "trace",
    mixinStandardHelpOptions = true,
    header = "Tell an order's story: its facts in causal order.",
    sortOptions = false,
    description = {
        "Tell an order's story: every fact correlated to it, in causal order, each indented under the fact that " +
            "caused it, with the stage that announced it and the time since OrderPlaced; --by-sequence lists them " +
            "in journal order instead.",
        "A fact's time is its emit time, taken when its stage announced it; the journal orders facts as they " +
            "entered the ring, which can be later (an emit into a full ring waits in its stage's overflow), so " +
            "time and sequence order can disagree by the time a fact waited.",
        "Exit status 2 when the journal holds no fact about the order."
    })
final class TraceCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Journal directory.")
    private Path directory;

    @Option(names = "--order", paramLabel = "ID", required = true, description = "The order id.")
    private long orderId;

    @Option(names = "--by-sequence",
        description = "List the facts in journal (sequence) order, not as a causation tree.")
    private boolean bySequence;

    @Option(names = "--json", description = "Print one JSON object instead of the text story.")
    private boolean json;

    @Mixin
    private CommonOptions common;

    private boolean store;

    /**
     * Another application's journal: the facts with the correlation id, named by number (or Herald's own names),
     * timed from the first of them, their payloads by length.
     */
    private static List<OrderTrace.Entry> correlated(
        final JournalReader reader, final long correlationId, final FactCatalog catalog)
    {
        final List<OrderTrace.Entry> entries = new ArrayList<>();
        final long[] first = { -1 };
        reader.replay(0, Long.MAX_VALUE, (message) ->
        {
            if (message.correlationId() == correlationId)
            {
                if (first[0] == -1)
                {
                    first[0] = message.timestamp();
                }
                entries.add(new OrderTrace.Entry(message.sequence(), message.timestamp(), message.messageType(),
                    catalog.displayName(message.messageType()), message.causationId(), "-",
                    message.timestamp() - first[0], 0, "payloadLength=" + message.payloadLength()));
            }
            return true;
        });
        return entries;
    }

    @Override
    public Integer call()
    {
        final List<OrderTrace.Entry> entries;
        try (JournalReader reader = JournalInput.openReader(directory))
        {
            store = reader.applicationId() == dev.herald.store.StoreSchema.APPLICATION_ID;
            final List<OrderTrace.Entry> read = store ? OrderTrace.read(reader, orderId) :
                correlated(reader, orderId, FactCatalog.forJournal(reader.applicationId()));
            entries = bySequence ? read : causalTree(read);
        }
        if (entries.isEmpty())
        {
            throw CommandException.usage("order " + orderId + ": no facts about it in " + directory);
        }

        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            out.println(toJson(entries));
        }
        else
        {
            printText(out, entries);
        }
        out.flush();
        return Herald.EXIT_OK;
    }

    /**
     * Order the story as a tree: each fact directly under the fact that caused it (children by sequence), so
     * "what caused what" reads top-down. Still a causal order: a cause always comes before its effects. A fact
     * whose cause is not about this order starts a tree of its own.
     *
     * @param entries in sequence order.
     * @return the same entries in depth-first causal order, with depth set to the depth in that tree.
     */
    static List<OrderTrace.Entry> causalTree(final List<OrderTrace.Entry> entries)
    {
        final Map<Long, List<OrderTrace.Entry>> children = new HashMap<>();
        final Set<Long> sequences = new HashSet<>();
        for (final OrderTrace.Entry entry : entries)
        {
            sequences.add(entry.sequence());
        }
        final List<OrderTrace.Entry> roots = new ArrayList<>();
        for (final OrderTrace.Entry entry : entries)
        {
            if (sequences.contains(entry.causationId()))
            {
                children.computeIfAbsent(entry.causationId(), k -> new ArrayList<>()).add(entry);
            }
            else
            {
                roots.add(entry);
            }
        }
        final List<OrderTrace.Entry> ordered = new ArrayList<>(entries.size());
        for (final OrderTrace.Entry root : roots)
        {
            addTree(root, 0, children, ordered);
        }
        return ordered;
    }

    private static void addTree(
        final OrderTrace.Entry entry,
        final int depth,
        final Map<Long, List<OrderTrace.Entry>> children,
        final List<OrderTrace.Entry> ordered)
    {
        ordered.add(new OrderTrace.Entry(entry.sequence(), entry.timestamp(), entry.messageType(), entry.typeName(),
            entry.causationId(), entry.stage(), entry.sincePlacedNs(), depth, entry.detail()));
        for (final OrderTrace.Entry child : children.getOrDefault(entry.sequence(), List.of()))
        {
            addTree(child, depth + 1, children, ordered);
        }
    }

    private String outcome(final List<OrderTrace.Entry> entries)
    {
        String outcome = "open (no terminal fact yet)";
        for (final OrderTrace.Entry entry : entries)
        {
            if (entry.messageType() == StoreMessageTypes.ORDER_COMPLETED)
            {
                outcome = "completed";
            }
            else if (entry.messageType() == StoreMessageTypes.ORDER_CANCELLED)
            {
                outcome = "cancelled";
            }
        }
        return outcome;
    }

    private void printText(final PrintWriter out, final List<OrderTrace.Entry> entries)
    {
        final OrderTrace.Entry first = entries.get(0);
        if (store)
        {
            out.printf("order %d: %d facts, %s; first at %s%n", orderId, entries.size(), outcome(entries),
                JournalInput.formatTime(first.timestamp()));
        }
        else
        {
            out.printf("correlation id %d: %d facts (not a store journal: types by number); first at %s%n", orderId,
                entries.size(), JournalInput.formatTime(first.timestamp()));
        }
        out.printf("%s; times are emit times, so they can run against sequence order by the time a fact waited " +
            "to enter a full ring%n", bySequence ? "in journal order" : "in causal order, each fact under its cause");
        out.printf("%10s  %12s  %-10s %-36s %9s  %s%n", "sequence", store ? "since placed" : "since first", "stage",
            "fact", "caused by", "details");
        for (final OrderTrace.Entry entry : entries)
        {
            final String fact = "  ".repeat(bySequence ? 0 : Math.max(0, entry.depth())) + entry.typeName();
            out.printf("%10d  %12s  %-10s %-36s %9s  %s%n",
                entry.sequence(),
                entry.sincePlacedNs() < 0 ? "-" : String.format("+%.3f ms", entry.sincePlacedNs() / 1e6),
                entry.stage(),
                fact,
                entry.causationId() == RecordDescriptor.NO_CAUSATION ? "-" : Long.toString(entry.causationId()),
                details(entry));
        }
    }

    /** The fields worth reading: drop the order id, which every line repeats, and zero fields. */
    private static String details(final OrderTrace.Entry entry)
    {
        final StringBuilder out = new StringBuilder();
        for (final String field : entry.detail().split(" "))
        {
            if (field.startsWith("orderId=") || field.endsWith("=0") || field.equals("reason=none") ||
                field.equals("currency=???"))
            {
                continue;
            }
            out.append(out.length() == 0 ? "" : " ").append(field);
        }
        return out.toString();
    }

    private String toJson(final List<OrderTrace.Entry> entries)
    {
        final JsonWriter json = new JsonWriter().beginObject()
            .field("orderId", orderId)
            .field("journal", directory.toString())
            .field("outcome", outcome(entries).split(" ")[0]);
        json.name("facts").beginArray();
        for (final OrderTrace.Entry entry : entries)
        {
            json.beginObject()
                .field("sequence", entry.sequence())
                .field("timestamp", entry.timestamp())
                .field("time", JournalInput.formatTime(entry.timestamp()))
                .field("type", entry.messageType())
                .field("typeName", entry.typeName())
                .field("stage", entry.stage())
                .field("causationId", entry.causationId())
                .field("sinceOrderPlacedNs", entry.sincePlacedNs())
                .field("depth", entry.depth())
                .field("detail", entry.detail())
                .endObject();
        }
        return json.endArray().endObject().toString();
    }
}
