package dev.herald.cli;

import dev.herald.journal.JournalReader;
import dev.herald.journal.RecordView;
import dev.herald.journal.JournalTailer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code herald dump}: a JSON line per record, on the calling thread, reusing one line buffer.
 */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Print a journal's records as JSON lines, facts decoded.",
    description = {
        "Print a journal's records, one JSON object per line: the header fields and the decoded fact, or the " +
            "payload in hex when the type is not known.",
        "Keys: sequence, timestamp, time, type, typeName, schemaVersion, flags, correlationId, causationId, " +
            "frameLength, sourcePartition and sourceOffset (a fact from a Kafka source), and fact (decoded) or " +
            "payload (hex)."
    })
final class DumpCommand implements Callable<Integer>
{
    private static final int FOLLOW_BATCH = 1024;

    enum PayloadMode
    {
        hex, none
    }

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Journal directory.")
    private Path directory;

    @Option(names = "--from", paramLabel = "SEQ", description = "First sequence to print (default: ${DEFAULT-VALUE}).",
        defaultValue = "0")
    private long from;

    @Option(names = "--to", paramLabel = "SEQ", description = "Last sequence to read, inclusive (default: the end).",
        defaultValue = "" + Long.MAX_VALUE, showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER)
    private long to;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most N records (default: all).",
        defaultValue = "" + Long.MAX_VALUE, showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER)
    private long limit;

    @Option(names = "--type", paramLabel = "TYPE", split = ",",
        description = "Only records of these message types, by name (OrderPlaced) or number; repeatable.")
    private List<String> types;

    @Option(names = "--order", paramLabel = "ID", description = "Only records correlated to this order id.")
    private Long order;

    @Option(names = "--follow", description = "After the end, keep printing records as they are appended (like " +
        "tail -f), until Ctrl-C or --limit.")
    private boolean follow;

    @Option(names = "--payload", paramLabel = "MODE",
        description = "Payload of facts that cannot be decoded: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
        defaultValue = "hex")
    private PayloadMode payload;

    @Mixin
    private CommonOptions common;

    @Override
    public Integer call()
    {
        if (from < 0)
        {
            throw CommandException.usage("invalid --from=" + from + ", must be >= 0");
        }
        if (limit < 0)
        {
            throw CommandException.usage("invalid --limit=" + limit + ", must be >= 0");
        }
        if (to < from)
        {
            throw CommandException.usage("invalid --to=" + to + ", must be >= --from=" + from);
        }
        final PrintWriter out = spec.commandLine().getOut();
        try (JournalReader reader = JournalInput.openReader(directory))
        {
            final FactCatalog catalog = FactCatalog.forJournal(reader.applicationId());
            final Printer printer = new Printer(out, catalog, parseTypes(catalog), null == order ? 0 : order,
                null != order, limit, payload == PayloadMode.hex);
            if (limit > 0 && follow)
            {
                follow(reader, printer, out);
            }
            else if (limit > 0)
            {
                reader.replay(from, to, printer::onRecord);
            }
        }
        out.flush();
        return Herald.EXIT_OK;
    }

    /**
     * Poll a tailer until Ctrl-C, the pipe closes, --limit or --to is reached; flush after each poll, so a reader of
     * the pipe sees each record as soon as it is appended.
     */
    private void follow(final JournalReader reader, final Printer printer, final PrintWriter out)
    {
        final IdleStrategy idle = new BackoffIdleStrategy(1, 1, TimeUnit.MICROSECONDS.toNanos(1),
            TimeUnit.MILLISECONDS.toNanos(10));
        try (Interruption interruption = Interruption.install(); JournalTailer tailer = reader.follow(from))
        {
            while (!interruption.requested() && !printer.stopped() && tailer.nextSequence() <= to)
            {
                final int printed = tailer.poll(printer::onRecord, FOLLOW_BATCH, to);
                if (printed > 0)
                {
                    out.flush();
                }
                idle.idle(printed);
            }
            out.flush();
        }
    }

    private int[] parseTypes(final FactCatalog catalog)
    {
        if (null == types || types.isEmpty())
        {
            return null;
        }
        final int[] parsed = new int[types.size()];
        for (int i = 0; i < parsed.length; i++)
        {
            parsed[i] = catalog.parseType(types.get(i));
        }
        return parsed;
    }

    /**
     * Formats and filters on the reader's thread, reusing one JSON buffer for every line.
     */
    private static final class Printer
    {
        private final JsonWriter json = new JsonWriter();
        private final FactCatalog catalog;
        private final PrintWriter out;
        private final int[] types;
        private final long order;
        private final boolean filterOrder;
        private final boolean hexPayload;
        private static final int CHECK_EVERY_MASK = 255;

        private long remaining;
        private long printed;
        private boolean stopped;

        Printer(
            final PrintWriter out,
            final FactCatalog catalog,
            final int[] types,
            final long order,
            final boolean filterOrder,
            final long limit,
            final boolean hexPayload)
        {
            this.catalog = catalog;
            this.out = out;
            this.types = types;
            this.order = order;
            this.filterOrder = filterOrder;
            this.remaining = limit;
            this.hexPayload = hexPayload;
        }

        boolean onRecord(final RecordView record)
        {
            if (filterOrder && record.correlationId() != order)
            {
                return true;
            }
            if (null != types && !contains(types, record.messageType()))
            {
                return true;
            }
            out.println(format(json.reset(), catalog, record, hexPayload));
            // a closed pipe (dump | head) shows up as an error on the writer: stop reading; checked now and then
            // because checkError() flushes
            stopped = --remaining <= 0 || ((++printed & CHECK_EVERY_MASK) == 0 && out.checkError());
            return !stopped;
        }

        /** @return whether --limit was reached or the output closed. */
        boolean stopped()
        {
            return stopped || out.checkError();
        }

        private static boolean contains(final int[] types, final int type)
        {
            for (final int t : types)
            {
                if (t == type)
                {
                    return true;
                }
            }
            return false;
        }
    }

    static JsonWriter format(
        final JsonWriter json, final FactCatalog catalog, final RecordView record, final boolean hexPayload)
    {
        final int type = record.messageType();
        json.beginObject()
            .field("sequence", record.sequence())
            .field("timestamp", record.timestamp())
            .field("time", JournalInput.formatTime(record.timestamp()))
            .field("type", type)
            .field("typeName", catalog.name(type))
            .field("schemaVersion", record.schemaVersion())
            .field("flags", record.flags())
            .field("correlationId", record.correlationId())
            .field("causationId", record.causationId())
            .field("frameLength", record.frameLength());
        if (record.hasSourcePosition())
        {
            json.field("sourcePartition", record.sourcePartition()).field("sourceOffset", record.sourceOffset());
        }

        if (catalog.canDecode(record))
        {
            json.name("fact").beginObject();
            catalog.decode(record, json);
            json.endObject();
        }
        else if (hexPayload)
        {
            json.name("payload").hexValue(record.buffer(), record.payloadOffset(), record.payloadLength());
        }
        return json.endObject();
    }
}
