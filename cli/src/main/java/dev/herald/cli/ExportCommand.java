package dev.herald.cli;

import dev.herald.kafka.ExportException;
import dev.herald.kafka.JournalExporter;
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
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code herald export}: a journal into a Kafka topic, exactly once, on the calling thread.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Produce a journal's records to a Kafka topic, exactly once; resume where the topic ends.",
    description = {
        "Produce every record of a journal to a Kafka topic in transactions: key = correlation id, value = payload, " +
            "Herald's header fields as Kafka headers (docs/kafka.md). The topic must exist.",
        "Exactly once across crashes: the transactional id comes from the journal id and the topic, so a second " +
            "export of the same journal fences the first, and each start reads back from the topic the last " +
            "sequence it holds and goes on from the next. Stop it at any moment and run it again.",
        "Without --follow it stops at the end of the journal; with it, it follows a live journal until Ctrl-C."
    })
final class ExportCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Journal directory.")
    private Path directory;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", required = true,
        description = "Kafka brokers to connect to, comma separated.")
    private String bootstrapServers;

    @Option(names = "--topic", paramLabel = "NAME", required = true, description = "Topic to produce to.")
    private String topic;

    @Option(names = "--follow", description = "Keep following the journal as it grows, until Ctrl-C.")
    private boolean follow;

    @Option(names = "--transactional-id", paramLabel = "ID",
        description = "The producer's transactional id (default: herald-export-JOURNALID-TOPIC).")
    private String transactionalId;

    @Option(names = "--max-records-per-transaction", paramLabel = "N", defaultValue = "" +
        JournalExporter.Context.MAX_RECORDS_PER_TRANSACTION_DEFAULT,
        description = "Most records in one transaction (default: ${DEFAULT-VALUE}).")
    private int maxRecordsPerTransaction;

    @Option(names = "--retry-for", paramLabel = "SECONDS", defaultValue = "60",
        description = "Give up when Kafka has failed for this long with no record exported (default: " +
            "${DEFAULT-VALUE}; 0: never).")
    private long retryForSeconds;

    @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "10",
        description = "Time one Kafka call may take before it counts as failed (default: ${DEFAULT-VALUE}).")
    private long requestTimeoutSeconds;

    @Option(names = "--json", description = "Print one JSON object instead of the text summary.")
    private boolean json;

    @Mixin
    private CommonOptions common;

    @Override
    public Integer call() throws Exception
    {
        if (maxRecordsPerTransaction < 1)
        {
            throw CommandException.usage(
                "invalid --max-records-per-transaction=" + maxRecordsPerTransaction + ", must be >= 1");
        }
        if (retryForSeconds < 0)
        {
            throw CommandException.usage("invalid --retry-for=" + retryForSeconds + ", must be >= 0");
        }
        if (requestTimeoutSeconds < 1)
        {
            throw CommandException.usage("invalid --request-timeout=" + requestTimeoutSeconds + ", must be >= 1");
        }
        JournalInput.requireDirectory(directory);
        final PrintWriter err = spec.commandLine().getErr();
        final String name = spec.qualifiedName();
        final JournalExporter.Context context = new JournalExporter.Context()
            .directory(directory)
            .bootstrapServers(bootstrapServers)
            .topic(topic)
            .transactionalId(transactionalId)
            .maxRecordsPerTransaction(maxRecordsPerTransaction)
            .requestTimeoutNs(TimeUnit.SECONDS.toNanos(requestTimeoutSeconds))
            .retryListener(message ->
            {
                err.println(name + ": " + message);
                err.flush();
            });

        final long startNs = System.nanoTime();
        final IdleStrategy idle = new BackoffIdleStrategy(1, 1, TimeUnit.MICROSECONDS.toNanos(1),
            TimeUnit.MILLISECONDS.toNanos(5));
        try (Interruption interruption = Interruption.install();
            JournalExporter exporter = JournalExporter.open(context);
            Progress progress = new Progress(err, !json && Progress.isTerminal(), "export", "records", 0,
                () -> Math.max(0, exporter.exportedSequence() - exporter.resumedAfter()), () -> { }))
        {
            // give up only after retries with nothing exported and no connect for --retry-for seconds
            long progressNs = System.nanoTime();
            long progressMark = Long.MIN_VALUE;
            long retriesAtProgress = 0;
            while (!interruption.requested() && (follow || !exporter.isCaughtUp()))
            {
                final int work = exporter.doWork();
                final long mark = exporter.exportedSequence() + exporter.connects();
                if (mark != progressMark)
                {
                    progressMark = mark;
                    progressNs = System.nanoTime();
                    retriesAtProgress = exporter.retries();
                }
                else if (retryForSeconds > 0 && exporter.retries() > retriesAtProgress &&
                    System.nanoTime() - progressNs > TimeUnit.SECONDS.toNanos(retryForSeconds))
                {
                    throw CommandException.unavailable("gave up after " + retryForSeconds + " s of failures at " +
                        "kafka " + bootstrapServers + " (the reasons are above; --retry-for sets the wait); " +
                        (exporter.exportedSequence() < 0 ? "nothing of this journal was exported" :
                        "the topic holds this journal up to sequence " + exporter.exportedSequence()));
                }
                idle.idle(work);
            }
            progress.close();
            exporter.close();   // commits what is sent, before the summary and before a signal ends the process
            print(exporter, (System.nanoTime() - startNs) / 1e9, interruption.requested());
        }
        catch (final ExportException ex)
        {
            throw ex.reason() == ExportException.Reason.NO_TOPIC ? CommandException.usage(ex.getMessage()) :
                ex.reason() == ExportException.Reason.GAP ? CommandException.damaged(ex.getMessage()) :
                CommandException.unavailable(ex.getMessage());
        }
        return Herald.EXIT_OK;
    }

    private void print(final JournalExporter exporter, final double seconds, final boolean interrupted)
    {
        final long records = Math.max(0, exporter.exportedSequence() - exporter.resumedAfter());
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            out.println(new JsonWriter().beginObject()
                .field("command", "export")
                .field("journal", directory.toString())
                .field("journalId", Long.toHexString(exporter.journalId()))
                .field("topic", topic)
                .field("transactionalId", exporter.transactionalId())
                .field("resumedAfter", exporter.resumedAfter())
                .field("exportedSequence", exporter.exportedSequence())
                .field("records", records)
                .field("transactions", exporter.transactions())
                .field("retries", exporter.retries())
                .field("seconds", seconds)
                .field("recordsPerSecond", seconds > 0 ? records / seconds : 0)
                .field("interrupted", interrupted)
                .endObject());
        }
        else
        {
            out.printf(java.util.Locale.ROOT, "exported %,d records of %s to topic %s in %,d transactions, %.2f s " +
                "(%,.0f records/s)%n", records, directory, topic, exporter.transactions(), seconds,
                seconds > 0 ? records / seconds : 0);
            out.println(exporter.resumedAfter() < 0 ? "the topic held nothing of this journal before" :
                "the topic already held sequences up to " + exporter.resumedAfter() + "; went on from " +
                    (exporter.resumedAfter() + 1));
            out.println("the topic holds journal " + Long.toHexString(exporter.journalId()) + " up to sequence " +
                exporter.exportedSequence() + " (transactional id " + exporter.transactionalId() + ")");
        }
        out.flush();
    }
}
