package dev.herald.cli;

import dev.herald.engine.Engine;
import dev.herald.engine.ResumeReport;
import dev.herald.engine.SnapshotDescriptor;
import dev.herald.engine.Stage;
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
 * {@code herald snapshot DIR}: rebuild the store from a journal, offline, and write a snapshot of every reaction
 * at its last sequence, so that the next {@code run} over it replays only what comes after.
 */
@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    header = "Write snapshots of a store journal's reactions, offline.",
    sortOptions = false,
    description = "Replay a store journal into fresh reactions (no side effects) and write a snapshot of each one " +
        "at the journal's last sequence into DIR/" + SnapshotDescriptor.DIRECTORY_NAME + ", where the next " +
        "`herald run` over the journal loads them and replays only the records after them.")
final class SnapshotCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Journal directory.")
    private Path directory;

    @Option(names = "--json", description = "Print one JSON object instead of the text summary.")
    private boolean json;

    @Mixin
    private CommonOptions common;

    @Override
    public Integer call()
    {
        StoreJournal.openReader(directory).close();
        final Store store = StoreJournal.newStore();
        final AtomicLong failures = new AtomicLong();
        final AtomicReference<String> firstFailure = new AtomicReference<>();
        final Stage[] reactions = store.stages();
        final Stage[] stages = java.util.Arrays.copyOf(reactions, reactions.length + 1);
        // the stage herald run adds after the reactions: its snapshot is empty, and lets a resume skip its replay
        stages[reactions.length] = Stage.named(LatencyStage.NAME)
            .handler(new LatencyStage(new org.agrona.concurrent.OffsetEpochNanoClock(), 0));
        final ResumeReport report = Engine.writeSnapshots(directory, (stage, sequence, throwable) ->
        {
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, stage + " at sequence " + sequence + ": " + throwable);
        }, stages);

        final PrintWriter out = spec.commandLine().getOut();
        final Path where = directory.resolve(SnapshotDescriptor.DIRECTORY_NAME);
        if (json)
        {
            out.println(new JsonWriter().beginObject()
                .field("command", "snapshot")
                .field("journal", directory.toString())
                .field("snapshots", report.snapshotsLoaded())
                .field("sequence", report.toSequence())
                .field("recordsReplayed", report.recordsReplayed())
                .field("seconds", report.durationNs() / 1e9)
                .field("errors", failures.get())
                .field("directory", where.toString())
                .endObject());
        }
        else
        {
            out.printf("herald snapshot: %d snapshots at sequence %,d in %s (%,d records replayed in %.2f s)%n",
                report.snapshotsLoaded(), report.toSequence(), where, report.recordsReplayed(),
                report.durationNs() / 1e9);
            if (firstFailure.get() != null)
            {
                out.printf("  %,d failures while replaying, first %s%n", failures.get(),
                    Herald.oneLine(firstFailure.get()));
            }
        }
        out.flush();
        return Herald.EXIT_OK;
    }
}
