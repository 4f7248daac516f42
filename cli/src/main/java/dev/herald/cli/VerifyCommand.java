package dev.herald.cli;

import dev.herald.journal.Journal;
import dev.herald.journal.JournalCorruptedException;
import dev.herald.journal.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code herald verify}: prints {@link Journal#verify(Path)}'s report; exit status 1 on corruption.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    header = "Check every segment and record of a journal.",
    description = {
        "Reads without changing anything. Prints counts, the first and last sequence and time, a torn tail " +
            "that recovery would truncate, and on damage the segment, offset and reason (exit status 1)."
    })
final class VerifyCommand implements Callable<Integer>
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
        final VerifyReport report = Journal.verify(JournalInput.requireDirectory(directory));
        final boolean liveWriter = Journal.hasLiveWriter(directory);
        final List<String> otherFiles = otherFiles(directory);
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            out.println(toJson(report, liveWriter, otherFiles));
        }
        else
        {
            printText(out, report);
            if (liveWriter)
            {
                out.printf("writer     running: a process is appending to this journal; this covers what was " +
                    "written when it was read%n");
            }
            if (!otherFiles.isEmpty())
            {
                out.printf("other      %s (not part of the journal)%n", String.join(", ", otherFiles));
            }
        }
        out.flush();

        if (!report.isIntact())
        {
            final JournalCorruptedException corruption = report.corruption();
            final PrintWriter err = spec.commandLine().getErr();
            err.println(spec.qualifiedName() + ": journal damaged: " + corruption.segment() + " at offset " +
                corruption.offset() + ": " + Herald.oneLine(corruption.reason()));
            err.flush();
            return Herald.EXIT_DAMAGED;
        }
        return Herald.EXIT_OK;
    }

    static String toJson(final VerifyReport report, final boolean liveWriter, final List<String> otherFiles)
    {
        final JsonWriter json = new JsonWriter().beginObject()
            .field("directory", report.directory().toString())
            .field("intact", report.isIntact())
            .field("segments", report.segments())
            .field("records", report.records())
            .field("bytes", report.bytes())
            .field("firstSequence", report.firstSequence())
            .field("lastSequence", report.lastSequence())
            .field("firstTimestamp", report.firstTimestamp())
            .field("lastTimestamp", report.lastTimestamp());
        json.name("firstTime");
        timeValue(json, report.records(), report.firstTimestamp());
        json.name("lastTime");
        timeValue(json, report.records(), report.lastTimestamp());

        json.name("tornTail");
        if (report.hasTornTail())
        {
            json.beginObject()
                .field("segment", report.tornTailSegment().toString())
                .field("offset", report.tornTailOffset())
                .field("bytes", report.tornTailBytes())
                .endObject();
        }
        else
        {
            json.nullValue();
        }

        json.name("corruption");
        if (report.isIntact())
        {
            json.nullValue();
        }
        else
        {
            final JournalCorruptedException corruption = report.corruption();
            json.beginObject()
                .field("segment", String.valueOf(corruption.segment()))
                .field("offset", corruption.offset())
                .field("reason", corruption.reason())
                .endObject();
        }
        json.field("liveWriter", liveWriter).name("otherFiles").beginArray();
        for (final String file : otherFiles)
        {
            json.value(file);
        }
        json.endArray();
        return json.endObject().toString();
    }

    private static void timeValue(final JsonWriter json, final long records, final long timestamp)
    {
        if (records > 0)
        {
            json.value(JournalInput.formatTime(timestamp));
        }
        else
        {
            json.nullValue();
        }
    }

    private static void printText(final PrintWriter out, final VerifyReport report)
    {
        out.printf("journal    %s%n", report.directory());
        out.printf("segments   %d%n", report.segments());
        out.printf("records    %d%n", report.records());
        out.printf("bytes      %d%n", report.bytes());
        if (report.records() > 0)
        {
            out.printf("sequences  %d .. %d%n", report.firstSequence(), report.lastSequence());
            out.printf("first      %s%n", JournalInput.formatTime(report.firstTimestamp()));
            out.printf("last       %s%n", JournalInput.formatTime(report.lastTimestamp()));
        }
        else
        {
            out.printf("sequences  none%n");
        }
        if (report.hasTornTail())
        {
            out.printf("torn tail  %d bytes at %s offset %d (a writer truncates it when it next opens the journal)%n",
                report.tornTailBytes(), report.tornTailSegment(), report.tornTailOffset());
        }
        else
        {
            out.printf("torn tail  none%n");
        }
        if (report.isIntact())
        {
            out.printf("status     intact%n");
        }
        else
        {
            final JournalCorruptedException corruption = report.corruption();
            out.printf("status     DAMAGED at %s offset %d: %s%n",
                corruption.segment(), corruption.offset(), Herald.oneLine(corruption.reason()));
        }
    }

    /** @return names in the journal directory that are neither segments nor files Herald keeps beside them. */
    static List<String> otherFiles(final Path directory)
    {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(directory))
        {
            return files.map((p) -> p.getFileName().toString())
                .filter((name) -> !name.matches("[0-9]{20}\\" + Journal.SEGMENT_SUFFIX) &&
                    !name.equals(Journal.LOCK_FILE_NAME) &&
                    !name.equals(dev.herald.engine.SnapshotDescriptor.DIRECTORY_NAME) &&
                    !name.equals(RunRecord.FILE_NAME))
                .sorted().toList();
        }
        catch (final java.io.IOException ex)
        {
            return List.of();
        }
    }
}
