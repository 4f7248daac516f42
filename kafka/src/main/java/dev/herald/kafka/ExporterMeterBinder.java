package dev.herald.kafka;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.concurrent.TimeUnit;

/**
 * A {@link JournalExporter}'s progress as Micrometer meters, tagged with the topic and the journal id (names and
 * meanings in {@code docs/metrics.md}). Micrometer is optional: only an application that binds this needs it.
 * Every meter reads one of the exporter's volatile counters; nothing is added to the exporter's own work.
 *
 * <p>Threading: {@link #bindTo} once, from any thread; the meters may be read from any threads.
 */
public final class ExporterMeterBinder implements MeterBinder
{
    private final JournalExporter exporter;
    private final Tags tags;

    /**
     * @param exporter to observe.
     * @param tags     added to every meter, besides {@code topic} and {@code journal}.
     */
    public ExporterMeterBinder(final JournalExporter exporter, final Iterable<Tag> tags)
    {
        this.exporter = exporter;
        this.tags = Tags.of(tags).and("topic", exporter.context().topic(),
            "journal", Long.toHexString(exporter.journalId()));
    }

    @Override
    public void bindTo(final MeterRegistry registry)
    {
        Gauge.builder("herald.export.sequence.exported", exporter, JournalExporter::exportedSequence)
            .description("last journal sequence in a committed transaction").tags(tags).register(registry);
        Gauge.builder("herald.export.lag.records", exporter, JournalExporter::lagRecords).baseUnit("records")
            .description("records behind the engine's durable sequence, or sent but not committed")
            .tags(tags).register(registry);
        TimeGauge.builder("herald.export.lag", exporter, TimeUnit.NANOSECONDS, JournalExporter::lagNs)
            .description("journal time between the newest record sent and the newest committed")
            .tags(tags).register(registry);
        FunctionCounter.builder("herald.export.transactions", exporter, JournalExporter::transactions)
            .description("transactions committed").tags(tags).register(registry);
        FunctionCounter.builder("herald.export.retries", exporter, JournalExporter::retries)
            .description("failed attempts retried (broker unreachable, timeouts)").tags(tags).register(registry);
        FunctionCounter.builder("herald.export.connects", exporter, JournalExporter::connects)
            .description("successful connects, each followed by reading back the topic's end")
            .tags(tags).register(registry);
    }
}
