package dev.herald.bench;

import dev.herald.engine.WaitStrategy;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Latency under load: drives each fan-out at fixed rates, measures publish to all reactions done for every fact,
 * corrects for coordinated omission, writes one {@code .hgrm} file per system and rate, prints a table, and draws
 * the percentile chart ({@link LatencyChart}).
 *
 * <p>Each rate runs on a fresh fan-out: a warm-up (not recorded), then the measured facts. The publisher follows
 * a fixed schedule (fact {@code i} is due at {@code start + i * interval}) and never waits for a fact to be
 * handled; each reaction stamps when it finished the fact; latency is the latest reaction's stamp minus a start
 * time. A rate is sustained when the publisher kept at least 95% of it and, when it stopped, it was behind its
 * schedule plus the backlog took to drain no more than {@code max(20 ms, 5% of the measured time)} (a queue that
 * only absorbs a rate it cannot handle, or holds the publisher back, does not sustain it); the first rate a system
 * cannot sustain is reported and the higher rates are skipped for that system.
 *
 * <p>Coordinated omission, two ways ({@code --correction}):
 * <ul>
 *   <li>{@code scheduled} (default): latency is measured from the time the fact was due, not from when the
 *   publisher got round to publishing it, so a publisher held back by a full ring charges that wait to every
 *   fact that was due meanwhile. This is the exact correction for an open-loop, scheduled load like this one;
 *   it costs O(1) per fact.</li>
 *   <li>{@code expected-interval}: latency from the actual publish time, recorded with
 *   {@link Histogram#recordValueWithExpectedInterval}, HdrHistogram's correction for closed-loop load. Here
 *   the publisher does not wait for replies, so the facts it back-fills were in fact sent and measured: this
 *   over-counts, and it costs O(latency / interval) per fact (minutes at 500k/s once latency reaches 100 ms).
 *   Kept for comparison with harnesses that use it.</li>
 * </ul>
 *
 * <p>{@code --idle NAME} picks the wait strategy (a {@link WaitStrategy} alias) of every system that has one:
 * Herald's engine threads, and the closest Disruptor wait strategy. {@code --durability POLICY} sets every system's
 * journal policy ({@code per-batch}: an fdatasync per batch, the raw baseline's too). {@code --json FILE} writes one JSON array, an
 * object per system and rate; {@code --svg FILE} draws the chart (only when asked).
 *
 * <pre>
 * java --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED -Xmx3g -cp bench/target/benchmarks.jar \
 *   dev.herald.bench.LatencyHarness [--systems herald-shared,disruptor-shared,abq] [--rates 10000,100000,1000000]
 *   [--idle adaptive] [--durability page-cache] [--seconds 3] [--warmup-seconds 1] [--handlers 6] [--ring-size 65536]
 *   [--correction scheduled] [--out bench/target/results/latency] [--json FILE] [--svg FILE]
 * </pre>
 */
public final class LatencyHarness
{
    private LatencyHarness()
    {
    }

    /** One measured run. */
    public static final class Result
    {
        /** System name. */
        public final String system;
        /** Target rate, facts per second. */
        public final int rate;
        /** Rate the publisher achieved. */
        public final double achievedRate;
        /** How far behind its schedule the publisher was at its last fact plus the time from then until
         * everything was handled, milliseconds. */
        public final double behindMs;
        /** Whether the target rate was sustained. */
        public final boolean sustained;
        /** Corrected latency histogram, nanoseconds. */
        public final Histogram histogram;
        /** The .hgrm file written, or null. */
        public final Path file;

        Result(
            final String system, final int rate, final double achievedRate, final double behindMs,
            final boolean sustained, final Histogram histogram, final Path file)
        {
            this.system = system;
            this.rate = rate;
            this.achievedRate = achievedRate;
            this.behindMs = behindMs;
            this.sustained = sustained;
            this.histogram = histogram;
            this.file = file;
        }
    }

    /** Settings, parsed from the command line. */
    public static final class Settings
    {
        /** Systems driven unless {@code --systems} says otherwise. */
        public static final List<String> DEFAULT_SYSTEMS = List.of("herald-dedicated", "herald-shared",
            "herald-shared-stages", "herald-invoker", "disruptor", "disruptor-shared", "disruptor-raw", "abq");
        /** Systems to drive, by {@link FanOuts} name. */
        public List<String> systems = DEFAULT_SYSTEMS;
        /** Target rates. */
        public int[] rates = { 10_000, 100_000, 1_000_000 };
        /** Wait strategy of the systems that have one; null for each one's default. */
        public WaitStrategy idle;
        /** Durability policy of every system's journal ({@code page-cache}, {@code per-batch}, ...). */
        public String durability = "page-cache";
        /** Measured seconds per rate. */
        public double seconds = 3;
        /** Warm-up seconds per rate. */
        public double warmupSeconds = 1;
        /** Reactions. */
        public int handlers = 6;
        /** Ring size or queue capacity. */
        public int ringSize = 65536;
        /** Coordinated-omission correction: {@code scheduled} or {@code expected-interval}. */
        public String correction = "scheduled";
        /** Directory for .hgrm files. */
        public Path out = Path.of("bench", "target", "results", "latency");
        /** Chart file, or null for none. */
        public Path svg;
        /** JSON results file, or null for none. */
        public Path json;

        /**
         * @param args command line.
         * @return the settings.
         * @throws IllegalArgumentException naming an unknown option or a bad value.
         */
        public static Settings parse(final String[] args)
        {
            final Settings settings = new Settings();
            for (int i = 0; i < args.length; i++)
            {
                final String name = args[i];
                if (i + 1 >= args.length)
                {
                    throw new IllegalArgumentException("missing value for option=" + name);
                }
                final String value = args[++i];
                switch (name)
                {
                    case "--systems":
                        settings.systems = List.of(value.split(","));
                        break;
                    case "--rates":
                        final String[] parts = value.split(",");
                        settings.rates = new int[parts.length];
                        for (int r = 0; r < parts.length; r++)
                        {
                            settings.rates[r] = Integer.parseInt(parts[r].trim());
                        }
                        break;
                    case "--seconds":
                        settings.seconds = Double.parseDouble(value);
                        break;
                    case "--warmup-seconds":
                        settings.warmupSeconds = Double.parseDouble(value);
                        break;
                    case "--handlers":
                        settings.handlers = Integer.parseInt(value);
                        break;
                    case "--ring-size":
                        settings.ringSize = Integer.parseInt(value);
                        break;
                    case "--correction":
                        if (!value.equals("scheduled") && !value.equals("expected-interval"))
                        {
                            throw new IllegalArgumentException(
                                "invalid correction=" + value + ", must be scheduled or expected-interval");
                        }
                        settings.correction = value;
                        break;
                    case "--out":
                        settings.out = Path.of(value);
                        break;
                    case "--svg":
                        settings.svg = value.equals("none") ? null : Path.of(value);
                        break;
                    case "--json":
                        settings.json = Path.of(value);
                        break;
                    case "--idle":
                        settings.idle = WaitStrategy.fromAlias(value);
                        break;
                    case "--durability":
                        dev.herald.journal.DurabilityPolicy.parse(value);
                        settings.durability = value;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option=" + name);
                }
            }
            for (final String system : settings.systems)
            {
                FanOuts.check(system);
            }
            return settings;
        }
    }

    /**
     * @param args see the class comment.
     * @throws IOException if a file cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        final Settings settings = Settings.parse(args);
        final List<Result> results = run(settings, System.out);
        printTable(results, System.out);
        if (settings.json != null)
        {
            Files.writeString(settings.json, toJson(results, settings));
        }
    }

    /**
     * Run every system at every rate.
     *
     * @param settings what to run.
     * @param log      progress lines.
     * @return the results, in run order.
     * @throws IOException if a file cannot be written.
     */
    public static List<Result> run(final Settings settings, final PrintStream log) throws IOException
    {
        Files.createDirectories(settings.out);
        System.setProperty(JournalSink.DURABILITY_PROP_NAME, settings.durability);
        final List<Result> results = new ArrayList<>();
        for (final String system : settings.systems)
        {
            for (final int rate : settings.rates)
            {
                final Result result = runOne(system, rate, settings);
                results.add(result);
                log.printf(Locale.ROOT,
                    "%-14s rate=%,d/s achieved=%,.0f/s behind=%.1fms sustained=%s p50=%.1fus p99=%.1fus max=%.1fus%n",
                    system, rate, result.achievedRate, result.behindMs, result.sustained,
                    result.histogram.getValueAtPercentile(50) / 1000.0,
                    result.histogram.getValueAtPercentile(99) / 1000.0,
                    result.histogram.getMaxValue() / 1000.0);
                if (!result.sustained)
                {
                    break;
                }
            }
        }
        if (settings.svg != null)
        {
            final List<Path> files = new ArrayList<>();
            for (final Result result : results)
            {
                files.add(result.file);
            }
            LatencyChart.write(files, settings.svg);
        }
        return results;
    }

    static Result runOne(final String system, final int rate, final Settings settings) throws IOException
    {
        final int warmup = (int)Math.max(1, rate * settings.warmupSeconds);
        final int measured = (int)Math.max(1, rate * settings.seconds);
        final int total = warmup + measured;
        final long intervalNs = 1_000_000_000L / rate;
        final long[] publishNanos = new long[total];
        final boolean scheduled = settings.correction.equals("scheduled");
        final Reactions reactions = new Reactions(settings.handlers, total);
        final double achieved;
        final double behindMs;
        try (FanOut fanOut = FanOuts.create(system, reactions, settings.ringSize, settings.idle))
        {
            final long start = System.nanoTime();
            long measuredStart = start;
            for (int i = 0; i < total; i++)
            {
                if (i == warmup)
                {
                    measuredStart = System.nanoTime();
                }
                final long due = start + i * intervalNs;
                waitUntil(due, fanOut);
                final long now = System.nanoTime();
                publishNanos[i] = scheduled ? due : now;
                fanOut.publish(i, now);
                fanOut.poll(); // a fan-out without threads of its own handles the fact now
            }
            final long publishEnd = System.nanoTime();
            fanOut.awaitDrained();
            // Lateness of the last publish (a backlog held at the publisher) plus the drain (a backlog in the queues).
            behindMs = (System.nanoTime() - (start + (total - 1) * intervalNs)) / 1e6;
            achieved = measured * 1e9 / Math.max(1, publishEnd - measuredStart);
        }

        final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
        for (int i = warmup; i < total; i++)
        {
            long done = 0;
            for (int h = 0; h < settings.handlers; h++)
            {
                done = Math.max(done, reactions.doneNanos(h, i));
            }
            final long latency = Math.max(1, done - publishNanos[i]);
            if (scheduled)
            {
                histogram.recordValue(latency);
            }
            else
            {
                histogram.recordValueWithExpectedInterval(latency, intervalNs);
            }
        }
        final Path file = settings.out.resolve(system + "-" + rate + ".hgrm");
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, "US-ASCII"))
        {
            histogram.outputPercentileDistribution(out, 1000.0);
        }
        final boolean sustained = achieved >= 0.95 * rate && behindMs <= Math.max(20, 50 * settings.seconds);
        return new Result(system, rate, achieved, behindMs, sustained, histogram, file);
    }

    private static void waitUntil(final long due, final FanOut fanOut)
    {
        long remaining;
        while ((remaining = due - System.nanoTime()) > 0)
        {
            fanOut.poll();
            if (remaining > 200_000)
            {
                // park granularity is tens of microseconds: park short of the deadline, then spin
                LockSupport.parkNanos(remaining - 100_000);
            }
            else
            {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * @param results  to write.
     * @param settings they were measured with.
     * @return a JSON array, an object per system and rate, latencies in microseconds.
     */
    public static String toJson(final List<Result> results, final Settings settings)
    {
        final StringBuilder json = new StringBuilder("[\n");
        for (int i = 0; i < results.size(); i++)
        {
            final Result r = results.get(i);
            final Histogram h = r.histogram;
            json.append(String.format(Locale.ROOT,
                "  {\"system\": \"%s\", \"idle\": \"%s\", \"durability\": \"%s\", \"rate\": %d, \"achievedRate\": %.0f, " +
                "\"sustained\": %b, \"p50Us\": %.3f, \"p99Us\": %.3f, \"p999Us\": %.3f, \"maxUs\": %.3f}%s%n",
                r.system, settings.idle == null ? "default" : settings.idle.alias(), settings.durability, r.rate,
                r.achievedRate,
                r.sustained, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0, i + 1 < results.size() ? "," : ""));
        }
        return json.append("]\n").toString();
    }

    /**
     * Print a markdown table of the results, microseconds.
     *
     * @param results to print.
     * @param out     where.
     */
    public static void printTable(final List<Result> results, final PrintStream out)
    {
        out.println("| system | target rate/s | achieved/s | behind ms | sustained " +
            "| p50 us | p99 us | p99.9 us | p99.99 us | max us |");
        out.println("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|");
        for (final Result r : results)
        {
            final Histogram h = r.histogram;
            out.printf(Locale.ROOT, "| %s | %,d | %,.0f | %.1f | %s | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                r.system, r.rate, r.achievedRate, r.behindMs, r.sustained ? "yes" : "no",
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getValueAtPercentile(99.99) / 1000.0,
                h.getMaxValue() / 1000.0);
        }
    }
}
