package dev.herald.cli;

import dev.herald.engine.StageMetrics;
import dev.herald.store.StoreDigest;
import dev.herald.store.StoreMessageTypes;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The report of {@code run} and {@code replay}: the same shape for both, so a run's summary and its replay's
 * can be compared line by line, and the same JSON keys ({@code orders}, {@code events}, {@code stateDigest}).
 *
 * <p>Threading: built and printed on the command's thread after the work is done.
 */
final class Summary
{
    /** Per stage figures that only a live run has. */
    record StageFigures(long processed, long maxLag, long errors, long batches, long maxBatch)
    {
        double meanBatch()
        {
            return batches == 0 ? 0.0 : (double)processed / batches;
        }
    }

    String command;
    Path journal;
    String settings;
    boolean hasSeed;
    long seed;
    long duplicates = -1;
    double seconds;
    FactCounts counts;
    Histogram latencyNs;
    String threadLayout;
    String waitStrategy;
    long expectedIntervalNs;
    final Map<String, StageFigures> stages = new LinkedHashMap<>();
    long stageErrors;
    long replayFailures = -1;
    StoreDigest digest;
    Resume resume;
    long ordersThisRun = -1;
    long ordersOpen = -1;

    /**
     * What a run that launched over an existing journal did before taking new orders.
     *
     * @param resumed         the journal held records and the store was rebuilt from them.
     * @param ordersFound     OrderPlaced records the journal held: where the order stream continued.
     * @param journalEnd      the journal's last sequence before this run, -1 when it was empty.
     * @param snapshotsLoaded stages loaded from a snapshot.
     * @param recordsReplayed records replayed into the reactions.
     * @param replayNs        time of the replay.
     * @param readyNs         time from launch until the engine took orders.
     * @param owedFacts       facts the reactions owed at the restart and announced at once.
     */
    record Resume(
        boolean resumed,
        long ordersFound,
        long journalEnd,
        int snapshotsLoaded,
        long recordsReplayed,
        long replayNs,
        long readyNs,
        long owedFacts)
    {
    }

    long orders()
    {
        return counts.records(StoreMessageTypes.ORDER_PLACED);
    }

    long events()
    {
        return counts.records();
    }

    long handlerFailures()
    {
        return counts.records(dev.herald.journal.RecordDescriptor.TYPE_HANDLER_FAILED);
    }

    static String hex(final long value)
    {
        return String.format("%016x", value);
    }

    void printText(final PrintWriter out)
    {
        out.printf("herald %s: %s%n", command, settings);
        out.printf("  journal     %s%n", journal);
        if (null != resume && resume.resumed())
        {
            out.printf("  resumed     %,d orders in the journal (%d stages from snapshots, %,d records replayed in " +
                "%.2f s, ready in %.2f s); %,d owed facts taken up%n", resume.ordersFound(), resume.snapshotsLoaded(),
                resume.recordsReplayed(), resume.replayNs() / 1e9, resume.readyNs() / 1e9, resume.owedFacts());
        }
        final long rated = ordersThisRun >= 0 ? ordersThisRun : orders();
        out.printf("  orders      %,d OrderPlaced%s%s in %.2f s: %,.0f orders/s%n", orders(),
            duplicates >= 0 ? String.format(" (%,d duplicate submissions)", duplicates) : "",
            rated != orders() ? String.format(", %,d of them this run", rated) : "", seconds, perSecond(rated));
        final long factsRated = null != resume && resume.resumed() ? counts.lastSequence() - resume.journalEnd() :
            events();
        out.printf("  facts       %,d (sequences %s): %,.0f facts/s%n", events(),
            events() == 0 ? "none" : counts.firstSequence() + " .. " + counts.lastSequence(), perSecond(factsRated));
        if (ordersOpen >= 0)
        {
            out.printf("  open        %,d orders without a terminal state%n", ordersOpen);
        }
        if (null != latencyNs)
        {
            out.printf("  latency     end to end  p50 %s  p99 %s  p99.9 %s  max %s  (%,d orders%s)%n",
                micros(latencyNs.getValueAtPercentile(50)), micros(latencyNs.getValueAtPercentile(99)),
                micros(latencyNs.getValueAtPercentile(99.9)), micros(latencyNs.getMaxValue()),
                latencyNs.getTotalCount(),
                expectedIntervalNs > 0 ? ", from scheduled send times" : "");
            if (expectedIntervalNs == 0)
            {
                out.printf("              as fast as possible, this is mostly time queued behind a full ring; " +
                    "--rate R measures latency at a steady rate%n");
            }
        }
        int width = "outcomes".length();
        for (final String stage : digest.stageNames())
        {
            width = Math.max(width, outcomes(stage).length());
        }
        if (stages.isEmpty())
        {
            // a replay: no live stage, so no lag or error columns, only what the journal says each announced
            final String row = "%-10s %s%n";
            out.printf("  reactions   " + row, "stage", "outcomes");
            for (final String stage : digest.stageNames())
            {
                out.printf("              " + row, stage, outcomes(stage));
            }
        }
        else
        {
            final String row = "%-10s %-" + width + "s %9s %7s%n";
            out.printf("  reactions   " + row, "stage", "outcomes", "max lag", "errors");
            for (final String stage : digest.stageNames())
            {
                final StageFigures figures = stages.get(stage);
                out.printf("              " + row, stage, outcomes(stage),
                    null == figures ? "0" : String.format("%,d", figures.maxLag()),
                    null == figures ? "0" : String.format("%,d", figures.errors()));
            }
        }
        out.printf("  errors      %,d handler failures journaled%s%s%n", handlerFailures(),
            stages.isEmpty() ? "" : String.format(", %,d isolated by stages", stageErrors),
            replayFailures < 0 ? "" : String.format(", %,d failures while replaying", replayFailures));
        out.printf("  digest      %s%n", hex(digest.value()));
    }

    String toJson()
    {
        final JsonWriter json = new JsonWriter().beginObject()
            .field("command", command)
            .field("journal", journal.toString());
        if (hasSeed)
        {
            json.field("seed", seed);
        }
        if (null != threadLayout)
        {
            json.field("threadLayout", threadLayout).field("waitStrategy", waitStrategy);
        }
        json.field("orders", orders());
        if (duplicates >= 0)
        {
            json.field("duplicates", duplicates);
        }
        json.field("events", events())
            .field("firstSequence", counts.firstSequence())
            .field("lastSequence", counts.lastSequence())
            .field("seconds", seconds)
            .field("ordersPerSecond", perSecond(ordersThisRun >= 0 ? ordersThisRun : orders()))
            .field("eventsPerSecond", perSecond(null != resume && resume.resumed() ?
                counts.lastSequence() - resume.journalEnd() : events()));
        if (ordersOpen >= 0)
        {
            json.field("ordersOpen", ordersOpen);
        }
        if (null != resume)
        {
            json.name("resume").beginObject()
                .field("resumed", resume.resumed())
                .field("ordersFound", resume.ordersFound())
                .field("snapshotsLoaded", resume.snapshotsLoaded())
                .field("recordsReplayed", resume.recordsReplayed())
                .field("replaySeconds", resume.replayNs() / 1e9)
                .field("readySeconds", resume.readyNs() / 1e9)
                .field("owedFacts", resume.owedFacts())
                .endObject();
        }
        if (null != latencyNs)
        {
            json.name("latencyMicros").beginObject()
                .field("p50", latencyNs.getValueAtPercentile(50) / 1000.0)
                .field("p99", latencyNs.getValueAtPercentile(99) / 1000.0)
                .field("p999", latencyNs.getValueAtPercentile(99.9) / 1000.0)
                .field("max", latencyNs.getMaxValue() / 1000.0)
                .field("count", latencyNs.getTotalCount())
                .field("correctedForCoordinatedOmission", expectedIntervalNs > 0)
                .endObject();
        }
        json.name("reactions").beginObject();
        for (final String stage : digest.stageNames())
        {
            json.name(stage).beginObject();
            json.name("outcomes").beginObject();
            for (int type = 1; type <= StoreMessageTypes.MAX_TYPE; type++)
            {
                if (stage.equals(StoreMessageTypes.announcedBy(type)))
                {
                    json.field(StoreMessageTypes.name(type), counts.records(type));
                }
            }
            json.endObject();
            final StageFigures figures = stages.get(stage);
            if (null != figures)
            {
                json.field("processed", figures.processed())
                    .field("maxLag", figures.maxLag())
                    .field("errors", figures.errors());
                batches(json, figures);
            }
            json.field("digest", hex(digest.stage(stage)));
            json.endObject();
        }
        json.endObject();
        final StageFigures journal = stages.get(StageMetrics.JOURNAL);
        if (null != journal)
        {
            // The journal's batches are its group commits: one write (and, per batch, one fdatasync) each.
            batches(json.name("journalBatches").beginObject(), journal).endObject();
        }
        json.field("handlerFailures", handlerFailures());
        if (!stages.isEmpty())
        {
            json.field("errors", stageErrors);
        }
        if (replayFailures >= 0)
        {
            json.field("errors", replayFailures);
        }
        json.field("stateDigest", hex(digest.value()));
        return json.endObject().toString();
    }

    private static JsonWriter batches(final JsonWriter json, final StageFigures figures)
    {
        return json.field("batches", figures.batches())
            .field("meanBatch", Math.round(figures.meanBatch() * 10) / 10.0)
            .field("maxBatch", figures.maxBatch());
    }

    private String outcomes(final String stage)
    {
        final StringBuilder out = new StringBuilder();
        for (int type = 1; type <= StoreMessageTypes.MAX_TYPE; type++)
        {
            if (stage.equals(StoreMessageTypes.announcedBy(type)))
            {
                out.append(out.length() == 0 ? "" : "  ").append(StoreMessageTypes.name(type)).append(' ')
                    .append(String.format("%,d", counts.records(type)));
            }
        }
        return out.length() == 0 ? "(announces nothing)" : out.toString();
    }

    private double perSecond(final long count)
    {
        return seconds > 0 ? count / seconds : 0.0;
    }

    private static String micros(final long nanos)
    {
        return String.format("%,.1f us", nanos / 1000.0);
    }
}
