package dev.herald.bench;

import dev.herald.engine.Engine;
import dev.herald.engine.ResumeReport;
import dev.herald.engine.SnapshotDescriptor;
import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;
import dev.herald.store.OrderGenerator;
import dev.herald.store.OrderPlacedEncoder;
import dev.herald.store.OrderRequest;
import dev.herald.store.Store;
import dev.herald.store.StoreMessageTypes;
import dev.herald.store.StoreSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Time to ready after a restart against journal size: grows one store journal through a list of order counts and,
 * at each, launches the store over it twice, from the snapshots taken {@code --tail} orders before the end (so the
 * snapshot's position and the tail's replay are both paid) and from sequence 0 (snapshots deleted), reporting the
 * time {@code Engine.launch} took to return, ready for the next order ("segment MiB" counts segments at their full
 * length, since they are sparse files). Journal under the page cache, default
 * layout, the store's default deduplication window, ports that remember nothing ({@link ForgetfulPorts}: the
 * in-memory ports remember every order).
 *
 * <pre>
 * java --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED -Xmx2g -cp bench/target/benchmarks.jar \
 *   dev.herald.bench.ResumeScaling [--orders 1000000,2000000,4000000] [--tail 10000]
 * </pre>
 */
public final class ResumeScaling
{
    private static final long SEED = 42;

    private ResumeScaling()
    {
    }

    /**
     * @param args see the class comment.
     * @throws IOException when a journal cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        long[] sizes = { 1_000_000, 2_000_000, 4_000_000 };
        long tail = 10_000;
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--orders" -> sizes = java.util.Arrays.stream(args[i + 1].split(",")).mapToLong(Long::parseLong)
                    .toArray();
                case "--tail" -> tail = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option=" + args[i]);
            }
        }
        final Path dir = TempDirectory.create("resume-scaling");
        final Path snapshots = dir.resolve(SnapshotDescriptor.DIRECTORY_NAME);
        final Path aside = TempDirectory.create("resume-scaling-snapshots");
        try
        {
            System.out.printf(Locale.ROOT, "%12s %12s %14s %14s %16s %12s%n", "orders", "segment MiB",
                "records", "ready snap s", "tail replayed", "ready 0 s");
            long orders = 0;
            for (final long size : sizes)
            {
                orders = grow(dir, orders, size - tail);
                copyTree(snapshots, aside);
                orders = grow(dir, orders, size);
                deleteTree(snapshots);
                copyTree(aside, snapshots);
                final Launch fromSnapshot = launchAndClose(dir);
                deleteTree(snapshots);
                final Launch fromZero = launchAndClose(dir);
                System.out.printf(Locale.ROOT, "%,12d %,12d %,14d %14.3f %,16d %12.3f%n", size,
                    journalBytes(dir) >> 20, fromZero.report().recordsReplayed(), fromSnapshot.readyNs() / 1e9,
                    fromSnapshot.report().recordsReplayed(), fromZero.readyNs() / 1e9);
                deleteTree(aside);
            }
        }
        finally
        {
            TempDirectory.delete(dir);
            TempDirectory.delete(aside);
        }
    }

    private static Store store()
    {
        final OrderGenerator generator = new OrderGenerator(SEED);
        return new Store(generator.stockInto(new ForgetfulPorts(generator).into(new Store.Context())));
    }

    private static Engine.Context context(final Store store, final Path dir)
    {
        return store.addTo(new Engine.Context()
            .journal(new Journal.Context().directory(dir).durability(DurabilityPolicy.PAGE_CACHE)
                .applicationId(StoreSchema.APPLICATION_ID)));
    }

    /** Continue the journal's order stream up to a total; the close leaves snapshots at its end. */
    private static long grow(final Path dir, final long from, final long to)
    {
        final Store store = store();
        try (Engine engine = Engine.launch(context(store, dir)))
        {
            final OrderGenerator generator = new OrderGenerator(SEED);
            final OrderRequest request = new OrderRequest();
            for (long i = 0; i < from; i++)
            {
                generator.next(request);
            }
            for (long i = from; i < to; i++)
            {
                generator.next(request);
                if (engine.publish(StoreMessageTypes.ORDER_PLACED, StoreSchema.SCHEMA_VERSION, request.orderId(),
                    OrderPlacedEncoder.INSTANCE, request, 30, TimeUnit.SECONDS) < 0)
                {
                    throw new IllegalStateException("back-pressured for 30 s at order " + i);
                }
            }
        }
        return to;
    }

    /** One launch: what it rebuilt, and how long until it returned, ready for the next order. */
    private record Launch(ResumeReport report, long readyNs)
    {
    }

    private static Launch launchAndClose(final Path dir)
    {
        System.gc();
        final Store store = store();
        final long start = System.nanoTime();
        try (Engine engine = Engine.launch(context(store, dir)))
        {
            return new Launch(engine.resumeReport(), System.nanoTime() - start);
        }
    }

    private static long journalBytes(final Path dir)
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter((p) -> p.toString().endsWith(Journal.SEGMENT_SUFFIX)).mapToLong((p) ->
            {
                try
                {
                    return Files.size(p);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            }).sum();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void copyTree(final Path from, final Path to) throws IOException
    {
        if (!Files.exists(from))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(from))
        {
            for (final Path path : paths.toList())
            {
                final Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
    }
}
