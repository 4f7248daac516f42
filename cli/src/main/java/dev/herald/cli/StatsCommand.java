package dev.herald.cli;

import dev.herald.journal.JournalReader;
import dev.herald.journal.RecordView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code herald stats}: one pass over the journal counting records and bytes per message type.
 */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    header = "Records per type, bytes, segments, first and last sequence and time.",
    description = "Records per message type, bytes, segments, and the first and last sequence and time of a journal.")
final class StatsCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Journal directory.")
    private Path directory;

    @Option(names = "--json", description = "Print one JSON object instead of the text report.")
    private boolean json;

    @Mixin
    private CommonOptions common;

    @Override
    public Integer call()
    {
        final FactCounts counts = new FactCounts();
        final List<Path> segments;
        final long applicationId;
        try (JournalReader reader = JournalInput.openReader(directory))
        {
            segments = reader.segmentFiles();
            applicationId = reader.applicationId();
            reader.replay(0, Long.MAX_VALUE, counts::onRecord);
        }
        final long diskBytes = diskBytes(segments);
        final FactCatalog catalog = FactCatalog.forJournal(applicationId);

        final int[] types = counts.types();
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            final JsonWriter writer = new JsonWriter().beginObject()
                .field("directory", directory.toString())
                .field("applicationId", applicationId)
                .field("segments", segments.size())
                .field("segmentBytes", diskBytes)
                .field("records", counts.records())
                .field("bytes", counts.bytes())
                .field("firstSequence", counts.firstSequence())
                .field("lastSequence", counts.lastSequence())
                .field("firstTimestamp", counts.firstTimestamp())
                .field("lastTimestamp", counts.lastTimestamp());
            writer.name("types").beginArray();
            for (final int type : types)
            {
                writer.beginObject()
                    .field("type", type)
                    .field("name", catalog.name(type))
                    .field("records", counts.records(type))
                    .field("bytes", counts.bytes(type))
                    .endObject();
            }
            writer.endArray().endObject();
            out.println(writer);
        }
        else
        {
            out.printf("journal    %s%n", directory);
            out.printf("segments   %,d (%,d bytes on disk)%n", segments.size(), diskBytes);
            out.printf("records    %,d%n", counts.records());
            out.printf("bytes      %,d%n", counts.bytes());
            if (counts.records() > 0)
            {
                out.printf("sequences  %,d .. %,d%n", counts.firstSequence(), counts.lastSequence());
                out.printf("first      %s%n", JournalInput.formatTime(counts.firstTimestamp()));
                out.printf("last       %s%n", JournalInput.formatTime(counts.lastTimestamp()));
                out.printf("%n%-24s %6s %12s %14s%n", "type", "id", "records", "bytes");
                for (final int type : types)
                {
                    out.printf("%-24s %6d %,12d %,14d%n", catalog.displayName(type), type,
                        counts.records(type), counts.bytes(type));
                }
            }
        }
        out.flush();
        return Herald.EXIT_OK;
    }

    private static long diskBytes(final List<Path> segments)
    {
        long total = 0;
        for (final Path segment : segments)
        {
            try
            {
                total += Files.size(segment);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(segment + ": cannot read size", ex);
            }
        }
        return total;
    }
}
