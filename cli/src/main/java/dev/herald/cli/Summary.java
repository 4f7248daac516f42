package dev.herald.cli;

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
    record StageFigures(long processed, long maxLag, long errors)
    {
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
        out.printf("  orders      %,d OrderPlaced%s in %.2f s: %,.0f orders/s%n", orders(),
            duplicates >= 0 ? String.format(" (%,d duplicate submissions)", duplicates) : "",
            seconds, perSecond(orders()));
        out.printf("  facts       %,d (sequences %s): %,.0f facts/s%n", events(),
            events() == 0 ? "none" : counts.firstSequence() + " .. " + counts.lastSequence(), perSecond(events()));
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
        final String row = "%-10s %-" + width + "s %9s %7s%n";
        out.printf("  reactions   " + row, "stage", "outcomes", "max lag", "errors");
        for (final String stage : digest.stageNames())
        {
            final StageFigures figures = stages.get(stage);
            out.printf("              " + row, stage, outcomes(stage),
                null == figures ? "-" : String.format("%,d", figures.maxLag()),
                null == figures ? "-" : String.format("%,d", figures.errors()));
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
            .field("ordersPerSecond", perSecond(orders()))
            .field("eventsPerSecond", perSecond(events()));
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
            }
            json.field("digest", hex(digest.stage(stage)));
            json.endObject();
        }
        json.endObject();
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
