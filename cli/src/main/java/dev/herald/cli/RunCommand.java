package dev.herald.cli;

import dev.herald.engine.Engine;
import dev.herald.engine.EngineCloseException;
import dev.herald.engine.EngineMetrics;
import dev.herald.engine.Gating;
import dev.herald.engine.ResumeReport;
import dev.herald.engine.Stage;
import dev.herald.engine.StageMetrics;
import dev.herald.engine.ThreadLayout;
import dev.herald.engine.WaitStrategy;
import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalException;
import dev.herald.journal.JournalReader;
import dev.herald.journal.JournalStorage;
import dev.herald.journal.RecordDescriptor;
import dev.herald.store.InMemoryMailer;
import dev.herald.store.InMemoryPaymentGateway;
import dev.herald.store.OrderGenerator;
import dev.herald.store.OrderPlacedEncoder;
import dev.herald.store.OrderRequest;
import dev.herald.store.Store;
import dev.herald.store.StoreMessageTypes;
import dev.herald.store.StoreSchema;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * {@code herald run}: the store simulation. Runs on the calling thread, which is also the producer; the engine
 * starts its own stage threads and a progress thread samples its metrics.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    header = "Simulate a store: publish seeded orders through the full topology and journal.",
    sortOptions = false,
    description = {
        "Simulate a store: publish a seeded stream of orders (customers, baskets, declined cards, stock-outs, " +
            "duplicate submissions) through the full topology, journaled in a directory, and print a summary: " +
            "orders and facts per second, end-to-end latency, each reaction's outcomes, lag and errors, and the " +
            "combined state digest that `herald replay` of the journal reproduces.",
        "A directory that already holds a store journal is resumed: the store is rebuilt from it, the work it " +
            "owed is taken up, and the same order stream continues until --orders in all; --force-new starts " +
            "over instead. Ctrl-C stops the intake, drains what was accepted and exits 130: run again to resume."
    })
final class RunCommand implements Callable<Integer>
{
    private static final long PUBLISH_TIMEOUT_S = 30;
    private static final long SETTLE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long SETTLE_POLL_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long PARK_AHEAD_NS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final int MAX_PRESIZED_ORDERS = 1 << 20;
    /** Journal bytes per order, facts and segment slack included: 768 MiB per million orders measured. */
    private static final long BYTES_PER_ORDER = 800;

    private final JournalStorage storage;

    @Spec
    private CommandSpec spec;

    @Option(names = "--orders", paramLabel = "N", defaultValue = "10000",
        description = "Orders to submit in all, duplicates included; a resumed journal's orders count (default: " +
            "${DEFAULT-VALUE}).")
    private long orders;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0",
        description = "Orders per second on a fixed schedule, latency corrected for coordinated omission; " +
            "0 publishes as fast as the ring takes them (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
        description = "Seed of the order stream; the same seed gives the same orders (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--journal", paramLabel = "DIR", defaultValue = "herald-data",
        description = "Journal directory: new or empty, or a store journal to resume (default: ${DEFAULT-VALUE}).")
    private Path journal;

    @Option(names = "--force-new",
        description = "Start over: replace the store journal already in the directory (its segments are deleted) " +
            "instead of resuming it.")
    private boolean forceNew;

    @Option(names = "--durability", paramLabel = "POLICY", defaultValue = "per-batch",
        converter = DurabilityConverter.class,
        description = "page-cache, per-batch (group commit) or interval:<millis>ms (default: ${DEFAULT-VALUE}).")
    private DurabilityPolicy durability;

    @Option(names = "--wait-strategy", paramLabel = "NAME", defaultValue = "auto",
        converter = WaitStrategyConverter.class,
        description = "How idle engine threads wait: adaptive (spin briefly, then park), blocking, sleeping, " +
            "yielding or busy-spin; the last two burn a core per thread; auto: adaptive when the engine's threads " +
            "leave a core to this command, else blocking (default: ${DEFAULT-VALUE}).")
    private WaitStrategy waitStrategy;

    @Option(names = "--threads", paramLabel = "LAYOUT", defaultValue = "auto", converter = LayoutConverter.class,
        description = "dedicated: a thread per stage and one for the journal; shared: the journal and every " +
            "stage on one thread; shared-stages: the journal on one thread, the stages on another; split: the " +
            "journal and the first half of the stages on one thread, the other half on another; invoker: no " +
            "engine thread, this command's thread runs the duty cycle; auto: chosen for this machine's cores and " +
            "the durability, and split instead of shared for a run as fast as possible (default: ${DEFAULT-VALUE}).")
    private ThreadLayout threads;

    @Option(names = "--gating", paramLabel = "MODE", defaultValue = "durable",
        description = "durable: reactions see a fact once it is durable; beside-journal: in parallel with the " +
            "journal (default: ${DEFAULT-VALUE}).")
    private String gating;

    @Option(names = "--decline-rate", paramLabel = "FRACTION", defaultValue = "0.05",
        description = "Share of orders paid with a declined card, 0 to 1 (default: ${DEFAULT-VALUE}).")
    private double declineRate;

    @Option(names = "--mailer-down",
        description = "The mailer fails every send: receipts are retried with backoff, then EmailFailed.")
    private boolean mailerDown;

    @Option(names = "--segment-length", paramLabel = "SIZE", converter = SizeConverter.class,
        description = "Length of each journal segment file, a power of two, in bytes or as 64MiB or 1g (default: " +
            Journal.Context.SEGMENT_LENGTH_DEFAULT / (1024 * 1024) + " MiB, or the system property " +
            Journal.Context.SEGMENT_LENGTH_PROP_NAME + ").")
    private Integer segmentLength;

    @Option(names = "--ring-size", paramLabel = "SLOTS", defaultValue = "16384",
        description = "Ring buffer slots, a power of two. The ring is also the group commit's window: a journal " +
            "batch holds at most what is in flight, so under per-batch durability a small ring means an " +
            "fdatasync for every few hundred facts (default: ${DEFAULT-VALUE}).")
    private int ringSize;

    @Option(names = "--json", description = "Print one JSON object instead of the text summary.")
    private boolean json;

    @Mixin
    private CommonOptions common;

    /** The command as {@code herald} runs it. */
    RunCommand()
    {
        this(JournalStorage.FILE_SYSTEM);
    }

    /** @param storage the file system the journal is written through; tests fill or break it. */
    RunCommand(final JournalStorage storage)
    {
        this.storage = storage;
    }

    @Override
    public Integer call()
    {
        validate();
        final JournalMode mode = prepareJournalDirectory(journal, forceNew);
        adoptRecordedStream(mode);
        requireRoomFor(orders, journal);
        try (Interruption interruption = Interruption.install())
        {
            return run(mode, interruption);
        }
    }

    /**
     * What the engine would pick for this machine, except for a run as fast as possible: where that is
     * {@link ThreadLayout#SHARED}, one thread runs the journal and all the reactions while the publisher's core idles,
     * so {@link ThreadLayout#SPLIT} gives half the reactions to the second core (docs/benchmarks.md, section 7). A
     * fixed rate keeps the shared thread, the lower latency. Not when two threads would both spin on two cores.
     */
    private ThreadLayout autoLayout(final int stages)
    {
        final int cores = Runtime.getRuntime().availableProcessors();
        final WaitStrategy wait = waitStrategy != null ? waitStrategy : Engine.Context.WAIT_STRATEGY_DEFAULT;
        final ThreadLayout forMachine = ThreadLayout.forMachine(cores, durability, stages, wait);
        final boolean spare = cores >= 3 || (cores == 2 && !wait.burnsCore());
        return rate == 0 && forMachine == ThreadLayout.SHARED && spare ? ThreadLayout.SPLIT : forMachine;
    }

    private int run(final JournalMode mode, final Interruption interruption)
    {
        final long intervalNs = rate > 0 ? Math.max(1, Math.round(1e9 / rate)) : 0;
        final OrderGenerator generator = new OrderGenerator(
            seed, new OrderGenerator.Config().declinePermille((int)Math.round(declineRate * 1000)));
        final InMemoryPaymentGateway gateway = generator.declineInto(new InMemoryPaymentGateway());
        final InMemoryMailer mailer = new InMemoryMailer();
        mailer.faults().down(mailerDown);
        final Store store = new Store(generator.stockInto(new Store.Context()
            .paymentGateway(gateway)
            .mailer(mailer)
            .expectedOrders((int)Math.min(orders, MAX_PRESIZED_ORDERS))));

        // The engine stamps every fact with it: OffsetEpochNanoClock reads System.nanoTime, allocating nothing.
        final EpochNanoClock clock = new OffsetEpochNanoClock();
        final LatencyStage latency = new LatencyStage(clock, intervalNs);
        final StageErrors errors = new StageErrors(spec.commandLine().getErr(), common.verbose);
        final Journal.Context journalContext = new Journal.Context()
            .directory(journal)
            .durability(durability)
            .applicationId(StoreSchema.APPLICATION_ID)
            .replaceExisting(mode == JournalMode.REPLACE)
            .storage(storage);
        if (null != segmentLength)
        {
            journalContext.segmentLength(segmentLength);
        }
        final Engine.Context context = new Engine.Context()
            .ringSize(ringSize)
            .waitStrategy(waitStrategy)
            .maxMessageLength(Math.max(Engine.Context.MAX_MESSAGE_LENGTH_DEFAULT,
                RecordDescriptor.alignedLength(Store.MIN_MAX_MESSAGE_LENGTH)))
            .gating(parseGating(gating))
            .threadLayout(threads != null ? threads : autoLayout(store.stages().length + 1))
            .clock(clock)
            .errorListener(errors::onError)
            .journal(journalContext);
        final Stage[] stages = store.stages();
        final String[] stageNames = new String[stages.length];
        for (int i = 0; i < stages.length; i++)
        {
            context.stage(stages[i]);
            stageNames[i] = stages[i].name();
        }
        context.stage(Stage.named(LatencyStage.NAME).handler(latency).after(stageNames));

        final MaxLag maxLag = new MaxLag();
        final EngineMetrics finalMetrics;
        final long launchNs = System.nanoTime();
        final Engine engine = Engine.launch(context);
        if (mode != JournalMode.RESUME)
        {
            new RunRecord(seed, declineRate).write(journal);
        }
        final Summary.Resume resume = resumeFigures(engine, store, launchNs);
        final AtomicLong published = new AtomicLong(resume.ordersFound());
        // timed from here: launching creates or rebuilds the journal's state, which is set-up, not throughput
        final long startNs = System.nanoTime();
        latency.scheduleStart(startNs);
        try
        {
            final Progress progress = new Progress(spec.commandLine().getErr(), !json && Progress.isTerminal(),
                "run", "orders", orders, published::get, () -> maxLag.sample(engine));
            try
            {
                publish(engine, generator, published, resume.ordersFound(), startNs, intervalNs, interruption);
                if (!interruption.requested())
                {
                    settle(engine, store);
                }
            }
            finally
            {
                progress.close();
            }
            finalMetrics = engine.metrics();
        }
        catch (final JournalException ex)
        {
            if (engine.journalFailure() == null)
            {
                throw ex;
            }
            closeAfterJournalFailure(engine);
            throw new IllegalStateException("unreachable");
        }
        finally
        {
            if (engine.journalFailure() == null)
            {
                engine.close();
            }
        }
        if (interruption.requested())
        {
            return interrupted(interruption, published.get(), engine.durableSequence());
        }
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        maxLag.sample(finalMetrics);

        final FactCounts counts = new FactCounts();
        try (JournalReader reader = Journal.openReader(journal))
        {
            reader.replay(0, Long.MAX_VALUE, counts::onRecord);
        }

        final Summary summary = new Summary();
        summary.command = "run";
        summary.journal = journal;
        summary.settings = String.format(Locale.ROOT,
            "%,d orders, seed %d, %s, %s durability, %s wait, %s threads, %s gating%s%s", orders, seed,
            rate > 0 ? String.format(Locale.ROOT, "%,.0f orders/s", rate) : "as fast as possible", durability,
            context.waitStrategy().alias(), context.threadLayout().alias(), gating,
            declineRate != 0.05 ? ", decline rate " + declineRate : "", mailerDown ? ", mailer down" : "");
        summary.threadLayout = context.threadLayout().alias();
        summary.waitStrategy = context.waitStrategy().alias();
        summary.hasSeed = true;
        summary.seed = seed;
        summary.duplicates = generator.duplicates();
        summary.seconds = seconds;
        summary.counts = counts;
        summary.resume = resume;
        summary.ordersThisRun = published.get() - resume.ordersFound();
        summary.ordersOpen = store.orders().open();
        summary.latencyNs = latency.histogram();
        summary.expectedIntervalNs = intervalNs;
        summary.digest = store.digest();
        for (final StageMetrics stage : finalMetrics.stages())
        {
            summary.stages.put(stage.name(),
                new Summary.StageFigures(stage.processed(), maxLag.of(stage.name()), stage.errors(), stage.batches(),
                    stage.maxBatch()));
        }
        summary.stageErrors = errors.count();

        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            out.println(summary.toJson());
        }
        else
        {
            summary.printText(out);
            errors.printFirst(out);
        }
        out.flush();
        if (interruption.requested() || interruption.finish())
        {
            // the signal came while settling: everything is drained and printed; the hook ends the process
            return interrupted(interruption, published.get(), engine.durableSequence());
        }
        return Herald.EXIT_OK;
    }

    /**
     * Refuse at once an order count whose journal cannot fit on the disk, by a rough measure (a store order and its
     * facts take about {@value #BYTES_PER_ORDER} bytes of journal), rather than run into a full disk hours later.
     */
    private static void requireRoomFor(final long orders, final Path journal)
    {
        Path existing = journal.toAbsolutePath();
        while (existing != null && !Files.exists(existing))
        {
            existing = existing.getParent();
        }
        if (existing == null)
        {
            return;
        }
        final long free;
        try
        {
            free = Files.getFileStore(existing).getUsableSpace();
        }
        catch (final IOException ex)
        {
            return; // the journal reports a full disk itself when it comes to that
        }
        final double needed = (double)orders * BYTES_PER_ORDER;
        if (needed > free)
        {
            throw CommandException.usage(String.format(Locale.ROOT, "invalid --orders=%d, its journal would need " +
                "about %s and %s has %s free", orders, JournalInput.humanBytes(needed), existing,
                JournalInput.humanBytes(free)));
        }
    }

    /**
     * A journal being resumed continues the order stream it was started with: take its seed and decline rate, and
     * refuse others given on the command line.
     */
    private void adoptRecordedStream(final JournalMode mode)
    {
        final RunRecord record = mode == JournalMode.RESUME ? RunRecord.read(journal) : null;
        if (record == null)
        {
            return;
        }
        final CommandLine.ParseResult given = spec.commandLine().getParseResult();
        if (given.hasMatchedOption("--seed") && seed != record.seed())
        {
            throw CommandException.usage(journal + ": holds the store journal of --seed " + record.seed() +
                ", not " + seed + "; run with that seed to resume it, or pass --force-new to start over");
        }
        if (given.hasMatchedOption("--decline-rate") && declineRate != record.declineRate())
        {
            throw CommandException.usage(journal + ": holds the store journal of --decline-rate " +
                record.declineRate() + ", not " + declineRate + "; run with that rate to resume it, or pass " +
                "--force-new to start over");
        }
        seed = record.seed();
        declineRate = record.declineRate();
    }

    /**
     * What launching over the journal did: the orders it already held (the stream resumes after them), the records
     * replayed, and the facts the reactions owed and announced at once (in the ring or waiting to enter it).
     */
    private static Summary.Resume resumeFigures(final Engine engine, final Store store, final long launchNs)
    {
        final ResumeReport report = engine.resumeReport();
        final EngineMetrics metrics = engine.metrics();
        long owed = metrics.cursor() - report.toSequence();
        for (final StageMetrics stage : metrics.stages())
        {
            owed += stage.overflow();
        }
        return new Summary.Resume(report.resumed(), store.placedRecords(), report.toSequence(),
            report.snapshotsLoaded(),
            report.recordsReplayed(), report.durationNs(), System.nanoTime() - launchNs, owed);
    }

    /** Intake stopped on a signal and everything accepted was drained: say where the journal ends, and end. */
    private int interrupted(final Interruption interruption, final long publishedOrders, final long lastSequence)
    {
        spec.commandLine().getOut().flush();
        final PrintWriter err = spec.commandLine().getErr();
        err.printf("herald run: interrupted after %,d orders; %s; run again to resume%n", publishedOrders,
            lastSequence < 0 ? "nothing journaled" : String.format("journal intact up to sequence %,d", lastSequence));
        err.flush();
        interruption.finish();
        return Herald.EXIT_INTERRUPTED;
    }

    private void validate()
    {
        if (orders < 1)
        {
            throw CommandException.usage("invalid --orders=" + orders + ", must be at least 1");
        }
        if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate))
        {
            throw CommandException.usage("invalid --rate=" + rate + ", must be >= 0");
        }
        if (declineRate < 0 || declineRate > 1 || Double.isNaN(declineRate))
        {
            throw CommandException.usage("invalid --decline-rate=" + declineRate + ", must be in [0, 1]");
        }
        if (ringSize < 2 || Integer.bitCount(ringSize) != 1)
        {
            throw CommandException.usage("invalid --ring-size=" + ringSize + ", must be a power of two >= 2");
        }
        if (null != segmentLength && (segmentLength < Journal.Context.SEGMENT_LENGTH_MIN ||
            segmentLength > Journal.Context.SEGMENT_LENGTH_MAX || Integer.bitCount(segmentLength) != 1))
        {
            throw CommandException.usage("invalid --segment-length=" + segmentLength + ", must be a power of two in [" +
                Journal.Context.SEGMENT_LENGTH_MIN + ", " + Journal.Context.SEGMENT_LENGTH_MAX + "]");
        }
        parseGating(gating);
    }

    private static Gating parseGating(final String gating)
    {
        switch (gating.toLowerCase(Locale.ROOT))
        {
            case "durable":
                return Gating.DURABLE;
            case "beside-journal":
                return Gating.BESIDE_JOURNAL;
            default:
                throw CommandException.usage("invalid --gating=" + gating + ", must be durable or beside-journal");
        }
    }

    /**
     * The journal could not write (a full disk, an I/O error): the engine refused further orders and closes at once,
     * saying which facts were not journaled. The command ends with one line naming the journal and the cause.
     */
    private static void closeAfterJournalFailure(final Engine engine)
    {
        final JournalException failure = engine.journalFailure();
        String lost = "";
        try
        {
            engine.close();
        }
        catch (final EngineCloseException ex)
        {
            final String message = ex.getMessage();
            lost = message.startsWith(failure.getMessage()) ? message.substring(failure.getMessage().length()) : "";
        }
        throw CommandException.damaged(failure.getMessage() + lost);
    }

    /**
     * Publish on this thread, either as fast as the ring takes orders or on a fixed schedule: order {@code i} is
     * due at {@code start + i * interval}. A producer held back by a full ring catches up without skipping, and
     * the latency stage charges each late order from its due time. A resumed journal's stream continues after the
     * orders it holds; a signal stops the intake between two orders.
     */
    private void publish(
        final Engine engine,
        final OrderGenerator generator,
        final AtomicLong published,
        final long ordersFound,
        final long startNs,
        final long intervalNs,
        final Interruption interruption)
    {
        final OrderRequest request = new OrderRequest();
        for (long i = 0; i < ordersFound; i++)
        {
            generator.next(request);
        }
        final AgentInvoker invoker = engine.invoker();
        for (long i = ordersFound; i < orders && !interruption.requested(); i++)
        {
            if (intervalNs > 0)
            {
                awaitDeadline(startNs + (i - ordersFound) * intervalNs, invoker);
            }
            generator.next(request);
            final long sequence = invoker == null ?
                engine.publish(StoreMessageTypes.ORDER_PLACED, StoreSchema.SCHEMA_VERSION, request.orderId(),
                    OrderPlacedEncoder.INSTANCE, request, PUBLISH_TIMEOUT_S, TimeUnit.SECONDS) :
                publishInvoking(engine, invoker, request);
            if (sequence == Engine.JOURNAL_FAILED)
            {
                throw engine.journalFailure();
            }
            if (sequence < 0)
            {
                final String holdingBack = engine.metrics().holdingBack();
                throw new IllegalStateException("the ring stayed full for " + PUBLISH_TIMEOUT_S + " s at order " +
                    request.orderId() + "; stage " + holdingBack + " is holding the producer back");
            }
            published.lazySet(i + 1);
            if (invoker != null)
            {
                invoker.invoke();
            }
        }
    }

    /** Under the invoker layout this thread is the engine's only thread: it runs the duty cycle while the ring is full. */
    private static long publishInvoking(final Engine engine, final AgentInvoker invoker, final OrderRequest request)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(PUBLISH_TIMEOUT_S);
        long sequence;
        while ((sequence = engine.tryPublish(StoreMessageTypes.ORDER_PLACED, StoreSchema.SCHEMA_VERSION,
            request.orderId(), OrderPlacedEncoder.INSTANCE, request)) == Engine.BACK_PRESSURED &&
            System.nanoTime() - deadlineNs < 0)
        {
            invoker.invoke();
        }
        return sequence;
    }

    private static void awaitDeadline(final long deadlineNs, final AgentInvoker invoker)
    {
        long left;
        while ((left = deadlineNs - System.nanoTime()) > 0)
        {
            if (invoker != null)
            {
                invoker.invoke();
            }
            else if (left > PARK_AHEAD_NS)
            {
                LockSupport.parkNanos(left - PARK_AHEAD_NS);
            }
            else
            {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Wait, boundedly, until the store has nothing left to do: every stage caught up and no retry pending (a
     * mailer that is down is retried with backoff from idle ticks before EmailFailed is announced). The retry
     * counts are read from this thread without a barrier: good enough to decide when to stop, since the journal,
     * not this decision, is what the digest and replay rely on.
     */
    private static void settle(final Engine engine, final Store store)
    {
        final AgentInvoker invoker = engine.invoker();
        final long deadlineNs = System.nanoTime() + SETTLE_TIMEOUT_NS;
        while (System.nanoTime() - deadlineNs < 0)
        {
            if (invoker != null && invoker.invoke() > 0)
            {
                continue;
            }
            final EngineMetrics metrics = engine.metrics();
            boolean quiet = store.email().retriesPending() == 0 && store.warehouse().retriesPending() == 0 &&
                store.payment().refundsPending() == 0;
            for (final StageMetrics stage : metrics.stages())
            {
                quiet &= stage.lag() == 0 && stage.overflow() == 0;
            }
            if (quiet)
            {
                return;
            }
            LockSupport.parkNanos(SETTLE_POLL_NS);
        }
    }

    /** What a run does with the journal directory it is given. */
    enum JournalMode
    {
        /** New or empty: a new journal. */
        CREATE,
        /** --force-new over an earlier (or damaged) journal: its segments are deleted under its own lock. */
        REPLACE,
        /** A store journal: the engine rebuilds the store from it and the order stream continues. */
        RESUME
    }

    /**
     * The directory must be new or empty, or hold a store journal, which the run resumes, or which --force-new
     * replaces (a damaged one too: the journal then deletes it under its own lock, when the engine opens it).
     *
     * @return what to do with the directory's journal.
     */
    static JournalMode prepareJournalDirectory(final Path directory, final boolean forceNew)
    {
        if (!Files.exists(directory))
        {
            return JournalMode.CREATE;
        }
        if (!Files.isDirectory(directory))
        {
            throw CommandException.usage(directory + ": not a directory");
        }
        final List<Path> entries = list(directory);
        final long segments = entries.stream()
            .filter(p -> p.getFileName().toString().endsWith(Journal.SEGMENT_SUFFIX))
            .count();
        final boolean onlyLock = entries.stream()
            .allMatch(p -> p.getFileName().toString().equals(Journal.LOCK_FILE_NAME) ||
                p.getFileName().toString().equals(RunRecord.FILE_NAME));
        if (segments == 0)
        {
            if (!onlyLock)
            {
                throw CommandException.usage(directory + ": not empty and holds no journal; give a new or empty " +
                    "directory with --journal");
            }
            return JournalMode.CREATE;
        }

        final long applicationId;
        try (JournalReader reader = Journal.openReader(directory))
        {
            applicationId = reader.applicationId();
        }
        catch (final JournalException ex)
        {
            if (forceNew)
            {
                return JournalMode.REPLACE; // damaged beyond reading its application: the user asked for a new one
            }
            throw CommandException.damaged(directory + ": holds a damaged journal (" + ex.getMessage() +
                "); pass --force-new to replace it");
        }
        if (applicationId != StoreSchema.APPLICATION_ID)
        {
            throw CommandException.usage(String.format(
                "%s: holds a journal of another application (applicationId=0x%016x, expected 0x%016x); " +
                    "give another directory with --journal", directory, applicationId, StoreSchema.APPLICATION_ID));
        }
        return forceNew ? JournalMode.REPLACE : JournalMode.RESUME;
    }

    private static List<Path> list(final Path directory)
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(directory + ": cannot list: " + ex.getMessage(), ex);
        }
    }

    /** {@code auto} is null: the engine picks the wait strategy for the layout and the machine. */
    static final class WaitStrategyConverter implements ITypeConverter<WaitStrategy>
    {
        @Override
        public WaitStrategy convert(final String value)
        {
            return "auto".equals(value) ? null : WaitStrategy.fromAlias(value);
        }
    }

    /** {@code auto} is null: the engine picks the layout for the machine. */
    static final class LayoutConverter implements ITypeConverter<ThreadLayout>
    {
        @Override
        public ThreadLayout convert(final String value)
        {
            return "auto".equals(value) ? null : ThreadLayout.fromAlias(value);
        }
    }

    static final class DurabilityConverter implements ITypeConverter<DurabilityPolicy>
    {
        @Override
        public DurabilityPolicy convert(final String value)
        {
            return DurabilityPolicy.parse(value);
        }
    }

    /** Highest lag seen per stage, sampled on the progress thread and once more at the end. */
    private static final class MaxLag
    {
        private final ConcurrentHashMap<String, Long> lags = new ConcurrentHashMap<>();

        void sample(final Engine engine)
        {
            if (!engine.isClosed())
            {
                sample(engine.metrics());
            }
        }

        void sample(final EngineMetrics metrics)
        {
            for (final StageMetrics stage : metrics.stages())
            {
                lags.merge(stage.name(), stage.lag(), Math::max);
            }
        }

        long of(final String stage)
        {
            return lags.getOrDefault(stage, 0L);
        }
    }

    /** Counts failures the engine isolated; keeps the first to show, prints each at once with --verbose. */
    private static final class StageErrors
    {
        private final AtomicLong count = new AtomicLong();
        private final AtomicReference<String> first = new AtomicReference<>();
        private final PrintWriter err;
        private final boolean verbose;

        StageErrors(final PrintWriter err, final boolean verbose)
        {
            this.err = err;
            this.verbose = verbose;
        }

        void onError(final String stageName, final long sequence, final Throwable throwable)
        {
            count.incrementAndGet();
            first.compareAndSet(null, "stage " + stageName + " at sequence " + sequence + ": " + throwable);
            if (verbose)
            {
                synchronized (err)
                {
                    err.println("herald run: stage " + stageName + " failed at sequence " + sequence);
                    throwable.printStackTrace(err);
                    err.flush();
                }
            }
        }

        long count()
        {
            return count.get();
        }

        void printFirst(final PrintWriter out)
        {
            final String message = first.get();
            if (null != message)
            {
                out.printf("  first error %s%n", Herald.oneLine(message));
            }
        }
    }
}
