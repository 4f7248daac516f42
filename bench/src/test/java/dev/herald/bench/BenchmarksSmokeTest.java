package dev.herald.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CI smoke mode: every JMH benchmark runs once, in-process, for one short iteration with the smallest
 * parameters, and the latency harness runs at a tiny size, so a broken benchmark fails the build. Nothing here
 * asserts anything about speed.
 */
class BenchmarksSmokeTest
{
    @TempDir
    Path tempDir;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldRunEveryBenchmarkForOneShortIterationWithoutError() throws Exception
    {
        final Set<String> expected = new TreeSet<>();
        for (final BenchmarkListEntry entry : BenchmarkList.defaultList().getAll(null, List.of()))
        {
            if (entry.getUsername().startsWith("dev.herald.bench."))
            {
                expected.add(entry.getUsername());
            }
        }
        assertFalse(expected.isEmpty(), "no benchmarks generated: is the JMH annotation processor running?");

        final String previousDir = System.getProperty(TempDirectory.PARENT_PROP_NAME);
        System.setProperty(TempDirectory.PARENT_PROP_NAME, tempDir.toString());
        final Collection<RunResult> results;
        try
        {
            final Options options = new OptionsBuilder()
                .include("dev\\.herald\\.bench\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .param("recordSize", "128")
                .param("records", "4096")
                .param("handlers", "2")
                .param("ringSize", "1024")
                .param("expectedOrders", "4096")
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
            results = new Runner(options).run();
        }
        finally
        {
            if (previousDir == null)
            {
                System.clearProperty(TempDirectory.PARENT_PROP_NAME);
            }
            else
            {
                System.setProperty(TempDirectory.PARENT_PROP_NAME, previousDir);
            }
        }

        final Set<String> ran = new TreeSet<>();
        for (final RunResult result : results)
        {
            ran.add(result.getParams().getBenchmark());
            assertTrue(result.getPrimaryResult().getScore() > 0,
                "no work measured in " + result.getParams().getBenchmark());
        }
        assertEquals(expected, ran);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldRunLatencyHarnessAndDrawChart() throws Exception
    {
        final Path out = tempDir.resolve("latency");
        final Path svg = tempDir.resolve("latency.svg");
        final LatencyHarness.Settings settings = LatencyHarness.Settings.parse(new String[]{
            "--systems", String.join(",", LatencyHarness.Settings.DEFAULT_SYSTEMS),
            "--rates", "2000,4000",
            "--idle", "blocking",
            "--seconds", "0.1",
            "--warmup-seconds", "0.05",
            "--handlers", "6",
            "--ring-size", "1024",
            "--out", out.toString(),
            "--svg", svg.toString() });
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        final List<LatencyHarness.Result> results =
            LatencyHarness.run(settings, new PrintStream(log, true, StandardCharsets.UTF_8));

        // every system runs its first rate; a rate it cannot sustain ends its run (on 2 cores it may not sustain 4k/s)
        final Set<String> measured = new TreeSet<>();
        results.forEach((result) -> measured.add(result.system));
        assertEquals(new TreeSet<>(LatencyHarness.Settings.DEFAULT_SYSTEMS), measured, log::toString);
        final String json = LatencyHarness.toJson(results, settings);
        assertEquals(results.size(), json.split("\"p99Us\": ").length - 1, json);
        assertTrue(json.contains("{\"system\": \"herald-invoker\", \"idle\": \"blocking\", \"durability\": \"page-cache\", \"rate\": 2000,"), json);
        for (final LatencyHarness.Result result : results)
        {
            assertTrue(Files.size(result.file) > 0, "empty " + result.file);
            assertTrue(result.histogram.getTotalCount() >= (long)(result.rate * 0.1),
                "too few values in " + result.file);
        }
        final String chart = Files.readString(svg);
        assertTrue(chart.startsWith("<svg"), chart);
        assertEquals(results.size(), chart.split("<polyline").length - 1);

        final List<LatencyHarness.Result> expectedInterval =
            LatencyHarness.run(LatencyHarness.Settings.parse(new String[]{
                "--systems", "herald-shared",
                "--rates", "2000",
                "--seconds", "0.1",
                "--warmup-seconds", "0.05",
                "--correction", "expected-interval",
                "--out", tempDir.resolve("latency-expected-interval").toString(),
                "--svg", "none" }), new PrintStream(log, true, StandardCharsets.UTF_8));
        assertTrue(expectedInterval.get(0).histogram.getTotalCount() >= 200);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldRunTheKafkaHarnessesAgainstTheTestBroker() throws Exception
    {
        System.setProperty(TempDirectory.PARENT_PROP_NAME, tempDir.toString());
        try
        {
            final List<ExportThroughput.Row> rows = ExportThroughput.run(2_000, 64, 2, 1);
            assertEquals(1, rows.size());
            assertTrue(rows.get(0).ratio() > 0, rows::toString);

            final KafkaRoundTrip.Result result = KafkaRoundTrip.run(200, 1, 100);
            assertEquals(160, result.kafkaAlone().getTotalCount(), "every order but the warm-up fifth");
            assertEquals(160, result.herald().getTotalCount(), "every order reached its terminal fact");
            assertEquals(200, result.engine().getTotalCount());
            assertTrue(result.herald().getValueAtPercentile(50) > result.engine().getValueAtPercentile(50));
        }
        finally
        {
            System.clearProperty(TempDirectory.PARENT_PROP_NAME);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldReplayGrowingJournalInReplayScaling()
    {
        System.setProperty(TempDirectory.PARENT_PROP_NAME, tempDir.toString());
        try
        {
            final List<ReplayScaling.Row> rows = ReplayScaling.run(new long[]{ 1, 2 }, 128);
            assertEquals(2, rows.size());
            assertEquals(8192, rows.get(0).records());
            assertEquals(16384, rows.get(1).records());
        }
        finally
        {
            System.clearProperty(TempDirectory.PARENT_PROP_NAME);
        }
    }
}
