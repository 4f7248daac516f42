package dev.herald.cli;

import dev.herald.engine.Engine;
import dev.herald.engine.Emitter;
import dev.herald.engine.MessageHandler;
import dev.herald.journal.RecordView;
import dev.herald.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code herald replay}: rebuilds fresh reactions from a journal in replay mode, on the calling thread.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    header = "Rebuild the reactions from a journal, no side effects; print the state digest.",
    sortOptions = false,
    description = {
        "Rebuild the store's reactions from a journal with no side effects: no card charged, no email sent, no " +
            "fact emitted. Prints the same summary as run, with the combined state digest: replaying a run's " +
            "whole journal gives that run's digest.",
        "The reactions start from the catalogue stock that run starts from."
    })
final class ReplayCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Journal directory.")
    private Path directory;

    @Option(names = "--from", paramLabel = "SEQ", defaultValue = "0",
        description = "First sequence to replay (default: ${DEFAULT-VALUE}).")
    private long from;

    @Option(names = "--to", paramLabel = "SEQ", defaultValue = "" + Long.MAX_VALUE,
        description = "Last sequence to replay, inclusive (default: the end).",
        showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER)
    private long to;

    @Option(names = "--json", description = "Print one JSON object instead of the text summary.")
    private boolean json;

    @Mixin
    private CommonOptions common;

    /**
     * The progress bar's total for a replay to the end: sealed segments are counted by their names (each is named by
     * its first sequence), the last one by a quick pass over it alone.
     */
    static long recordsFrom(final Path directory, final long from)
    {
        try (dev.herald.journal.JournalReader reader = dev.herald.journal.Journal.openReader(directory))
        {
            final java.util.List<Path> segments = reader.segmentFiles();
            if (segments.isEmpty())
            {
                return 0;
            }
            final String lastName = segments.get(segments.size() - 1).getFileName().toString();
            final long lastFirst = Long.parseLong(lastName.substring(0, lastName.indexOf('.')));
            final long[] inLast = { 0 };
            reader.replay(lastFirst, Long.MAX_VALUE, (record) -> ++inLast[0] > 0);
            return Math.max(0, lastFirst + inLast[0] - from);
        }
        catch (final RuntimeException ex)
        {
            return 0; // no total then: the replay itself reports what is wrong with the journal
        }
    }

    @Override
    public Integer call()
    {
        if (from < 0)
        {
            throw CommandException.usage("invalid --from=" + from + ", must be >= 0");
        }
        if (to < from)
        {
            throw CommandException.usage("invalid --to=" + to + ", must be >= --from=" + from);
        }
        // opened only to refuse a missing directory or another application's journal up front
        StoreJournal.openReader(directory).close();

        final Store store = StoreJournal.newStore();
        final FactCounts counts = new FactCounts();
        final MessageHandler counter = new MessageHandler()
        {
            @Override
            public void onMessage(final RecordView message, final Emitter emitter)
            {
                counts.onRecord(message);
            }
        };
        final MessageHandler[] reactions = store.handlers();
        final MessageHandler[] handlers = new MessageHandler[reactions.length + 1];
        System.arraycopy(reactions, 0, handlers, 0, reactions.length);
        handlers[reactions.length] = counter;

        final AtomicLong failures = new AtomicLong();
        final AtomicReference<String> firstFailure = new AtomicReference<>();
        final PrintWriter err = spec.commandLine().getErr();
        final long startNs = System.nanoTime();
        final boolean drawProgress = !json && Progress.isTerminal();
        final Progress progress = new Progress(err, drawProgress, "replay", "facts",
            to != Long.MAX_VALUE ? to - from + 1 : drawProgress ? recordsFrom(directory, from) : 0, counts::records,
            () -> {});
        try
        {
            Engine.replay(directory, from, to, (handler, sequence, throwable) ->
            {
                failures.incrementAndGet();
                firstFailure.compareAndSet(null, stageOf(store, handler) + " at sequence " + sequence + ": " +
                    throwable);
                if (common.verbose)
                {
                    throwable.printStackTrace(err);
                }
            }, handlers);
        }
        finally
        {
            progress.close();
        }
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        if (counts.records() == 0 && from > 0)
        {
            final long last = dev.herald.journal.Journal.verify(directory).lastSequence();
            if (from > last)
            {
                throw CommandException.usage("invalid --from=" + from + ", " + (last < 0 ? "the journal is empty" :
                    "the journal ends at sequence " + last));
            }
        }

        final Summary summary = new Summary();
        summary.command = "replay";
        summary.journal = directory;
        summary.settings = "sequences " + from + " .. " + (to == Long.MAX_VALUE ? "end" : Long.toString(to)) +
            ", no side effects";
        summary.seconds = seconds;
        summary.counts = counts;
        summary.digest = store.digest();
        summary.ordersOpen = store.orders().open();
        summary.replayFailures = failures.get();

        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            out.println(summary.toJson());
        }
        else
        {
            summary.printText(out);
            if (null != firstFailure.get())
            {
                out.printf("  first error %s%n", Herald.oneLine(firstFailure.get()));
            }
        }
        out.flush();
        return Herald.EXIT_OK;
    }

    /** Replay names handlers {@code handler-N} in the order given; map back to the store's stage names. */
    private static String stageOf(final Store store, final String handlerName)
    {
        if (handlerName.startsWith("handler-"))
        {
            try
            {
                final int index = Integer.parseInt(handlerName.substring("handler-".length()));
                if (index < store.reactions().size())
                {
                    return "stage " + store.reactions().get(index).stageName();
                }
            }
            catch (final NumberFormatException ignore)
            {
                // not one of replay's names: show it as it is
            }
        }
        return "stage " + handlerName;
    }
}
