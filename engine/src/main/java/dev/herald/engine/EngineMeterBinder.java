package dev.herald.engine;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * A running engine's counters as Micrometer meters (names and meanings in {@code docs/metrics.md}). Micrometer is
 * an optional dependency of Herald: only an application that binds this class needs it on its class path.
 *
 * <p>Every meter reads one shared {@link Engine#metrics()} snapshot, taken at most once per
 * {@link #REFRESH_NS} by whichever registry thread asks first, so a scrape of forty meters takes one snapshot and
 * the engine's threads never do any of this work: nothing is allocated on the hot path for metrics.
 *
 * <p>Stages are bound as the engine has them when {@link #bindTo} runs; bind after adding late stages.
 *
 * <p>Threading: {@link #bindTo} once, from any thread; the meters may be read from any threads.
 */
public final class EngineMeterBinder implements MeterBinder
{
    /** Longest age of the snapshot the meters read. */
    public static final long REFRESH_NS = TimeUnit.MILLISECONDS.toNanos(500);

    private static final double[] QUANTILES = { 0.5, 0.99, 0.999 };

    private final Engine engine;
    private final Tags tags;
    private EngineMetrics snapshot;
    private long takenNs;

    /**
     * @param engine to observe.
     * @param tags   added to every meter, e.g. {@code Tags.of("engine", "store")}.
     */
    public EngineMeterBinder(final Engine engine, final Iterable<Tag> tags)
    {
        this.engine = engine;
        this.tags = Tags.of(tags);
    }

    @Override
    public void bindTo(final MeterRegistry registry)
    {
        gauge(registry, "herald.engine.ring.capacity", "slots", "slots in the ring", m -> m.ringCapacity(), tags);
        gauge(registry, "herald.engine.ring.remaining", "slots", "free slots in the ring",
            m -> m.ringRemaining(), tags);
        counter(registry, "herald.engine.ring.full", "publish attempts that found the ring full",
            m -> m.ringFullCount(), tags);
        gauge(registry, "herald.engine.sequence.claimed", null, "sequence of the last message claimed in the ring",
            m -> m.cursor(), tags);
        gauge(registry, "herald.engine.sequence.appended", null, "last sequence appended to the journal",
            m -> m.journaledSequence(), tags);
        gauge(registry, "herald.engine.sequence.durable", null, "last sequence durable under the journal's policy",
            m -> m.durableSequence(), tags);
        counter(registry, "herald.engine.listener.errors", "exceptions thrown by the error listener",
            m -> m.listenerErrors(), tags);
        for (final double quantile : QUANTILES)
        {
            TimeGauge.builder("herald.engine.latency", this, TimeUnit.NANOSECONDS,
                    binder -> binder.snapshot().latencyNs().getValueAtPercentile(quantile * 100))
                .tags(tags.and("quantile", Double.toString(quantile)))
                .description("publish to every stage done, since launch, at this quantile")
                .register(registry);
        }
        TimeGauge.builder("herald.engine.latency.max", this, TimeUnit.NANOSECONDS,
                binder -> binder.snapshot().latencyNs().getMaxValue())
            .tags(tags)
            .description("publish to every stage done, since launch, the longest")
            .register(registry);

        for (final StageMetrics stage : snapshot().stages())
        {
            final String name = stage.name();
            final Tags stageTags = tags.and("stage", name);
            gauge(registry, "herald.engine.stage.lag", "messages", "messages claimed that the stage has not finished",
                m -> stageOf(m, name).lag(), stageTags);
            counter(registry, "herald.engine.stage.processed", "messages handled live",
                m -> stageOf(m, name).processed(), stageTags);
            counter(registry, "herald.engine.stage.errors", "failures isolated in the stage",
                m -> stageOf(m, name).errors(), stageTags);
            counter(registry, "herald.engine.stage.batches", "batches handled",
                m -> stageOf(m, name).batches(), stageTags);
            gauge(registry, "herald.engine.stage.overflow", "messages",
                "derived facts waiting in the stage's overflow for room in the ring",
                m -> stageOf(m, name).overflow(), stageTags);
            gauge(registry, "herald.engine.stage.holding.back", null,
                "1 while this stage is the one furthest behind, holding the producer back",
                m -> name.equals(m.holdingBack()) ? 1 : 0, stageTags);
        }
    }

    private void gauge(
        final MeterRegistry registry,
        final String name,
        final String unit,
        final String description,
        final ToDoubleFunction<EngineMetrics> value,
        final Tags meterTags)
    {
        Gauge.builder(name, this, binder -> value.applyAsDouble(binder.snapshot()))
            .baseUnit(unit)
            .description(description)
            .tags(meterTags)
            .register(registry);
    }

    private void counter(
        final MeterRegistry registry,
        final String name,
        final String description,
        final ToDoubleFunction<EngineMetrics> value,
        final Tags meterTags)
    {
        FunctionCounter.builder(name, this, binder -> value.applyAsDouble(binder.snapshot()))
            .description(description)
            .tags(meterTags)
            .register(registry);
    }

    private static StageMetrics stageOf(final EngineMetrics metrics, final String name)
    {
        final StageMetrics stage = metrics.stage(name);
        return null == stage ? new StageMetrics(name, -1, 0, 0, 0, 0, 0, 0, false) : stage;
    }

    private synchronized EngineMetrics snapshot()
    {
        final long now = System.nanoTime();
        if (null == snapshot || now - takenNs >= REFRESH_NS)
        {
            snapshot = engine.metrics();
            takenNs = now;
        }
        return snapshot;
    }
}
