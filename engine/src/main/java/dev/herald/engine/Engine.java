package dev.herald.engine;

import com.lmax.disruptor.dsl.ProducerType;
import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;
import dev.herald.journal.JournalWriter;
import dev.herald.journal.RecordDescriptor;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Herald's engine: accepts facts, journals them and fans them out through an LMAX Disruptor ring to consumer
 * stages, on threads laid out as {@link ThreadLayout} says or driven by the application ({@link #invoker()}).
 *
 * <pre>{@code
 * Engine engine = Engine.launch(new Engine.Context()
 *     .journal(new Journal.Context().directory(dir))
 *     .stage(Stage.named("payment").handler(payment))
 *     .stage(Stage.named("email").handler(email).after("payment")));
 * long sequence = engine.tryPublish(ORDER_PLACED, (short)1, orderId, OrderEncoder.INSTANCE, order);
 * engine.close();
 * }</pre>
 *
 * <p>A published message is encoded once, straight into a pre-allocated ring slot, stamped with its journal
 * sequence; the journal stage appends the slot's bytes unchanged and commits once per batch; consumers see it
 * once the journal has made it durable ({@link Gating#DURABLE}, the default) or beside the journal
 * ({@link Gating#BESIDE_JOURNAL}). Handlers may emit derived facts ({@link Emitter}); a handler that throws is
 * isolated and its failure journaled as a {@link RecordDescriptor#TYPE_HANDLER_FAILED} fact
 * ({@link HandlerFailure}).
 *
 * <p>Handlers must ignore message types they do not know, including Herald's own negative types
 * ({@link RecordDescriptor#TYPE_HANDLER_FAILED}, {@link RecordDescriptor#TYPE_ENCODE_FAILED}).
 *
 * <p>Threading: {@link #tryPublish} and {@link #publish} may be called from any number of threads with
 * {@link ProducerType#MULTI} (the default), from exactly one with {@link ProducerType#SINGLE}.
 * {@link #metrics()}, {@link #durableSequence()}, {@link #addStage} and {@link #close()} may be called from any
 * thread, except under {@link ThreadLayout#INVOKER}, where {@link #close()} must be called by the thread that
 * invokes the duty cycle (or once it has stopped invoking), since it drives the duty cycle itself while draining.
 * Every JVM that runs the engine needs {@code --add-opens java.base/jdk.internal.misc=ALL-UNNAMED} (Agrona).
 */
public final class Engine implements AutoCloseable
{
    /** Returned by {@link #tryPublish} when the ring is full, and by {@link #publish} when its timeout passed. */
    public static final long BACK_PRESSURED = -1L;
    /** Returned by {@link #tryPublish} once {@link #close()} has begun. */
    public static final long CLOSED = -2L;
    /** Returned by {@link #tryPublish} once the journal has failed to write ({@link #journalFailure()}). */
    public static final long JOURNAL_FAILED = -3L;

    private final Context context;
    private final Object lock = new Object();
    private final EngineState state = new EngineState();
    private final Topology topology;
    private final EngineThreads threads;
    private final Publisher publisher;
    private final MetricsSampler metrics;
    private final EngineClose closer;
    private final ResumeReport resume;
    private final ExecutorService snapshotWriter;

    private Engine(final Context context, final JournalWriter writer)
    {
        this.context = context;
        if (context.maxMessageLength() > writer.maxFrameLength())
        {
            throw new IllegalArgumentException("invalid maxMessageLength=" + context.maxMessageLength() +
                ", must be <= journal maxFrameLength=" + writer.maxFrameLength());
        }
        final Doorbell doorbell = new Doorbell(
            context.waitStrategy().parksUntilWoken() && context.threadLayout() != ThreadLayout.INVOKER);
        final Errors errors = new Errors(context.errorListener());
        final Ring ring = new Ring(context.producerType(), context.ringSize(), context.maxMessageLength(),
            writer.nextSequence(), context.clock(), doorbell);
        final Tail tail = new Tail(ring);
        final JournalAgent journal = new JournalAgent(
            ring, writer, context.journal().durability(), tail, doorbell, errors, state);

        topology = new Topology(context, ring, tail, journal, doorbell, errors, state, writer.directory());
        threads = new EngineThreads(
            context.threadLayout(), context.waitStrategy(), doorbell, errors, context.stages().size());
        threads.placeJournal(journal);
        final List<StageAgent> declared = new ArrayList<>();
        for (final Stage stage : context.stages())
        {
            final StageAgent agent = topology.add(stage);
            declared.add(agent);
            threads.placeStage(agent, stage.threadName());
        }
        final SnapshotStore snapshotStore = context.snapshots() && context.gating() == Gating.DURABLE ?
            new SnapshotStore(writer.directory()) : null;
        final long[] snapshotPositions = new long[declared.size()];
        resume = context.rebuild() ? Rebuild.run(writer.directory(), writer.journalId(), writer.nextSequence(),
            declared, snapshotStore, errors, snapshotPositions) : ResumeReport.none(writer.nextSequence());
        snapshotWriter = snapshotStore == null ? null :
            takeSnapshots(declared, snapshotStore, snapshotPositions, writer.journalId(), errors, journal);
        publisher = new Publisher(ring, state);
        metrics = new MetricsSampler(ring, tail, topology, errors);
        closer = new EngineClose(ring, tail, topology, threads, state, metrics);
        threads.start();
    }

    /**
     * Give each declared stage whose handler takes snapshots its taker, and the thread that writes them (none under
     * the invoker, where the stage's own thread writes).
     *
     * @return the writer thread, or null when there is none.
     */
    private ExecutorService takeSnapshots(
        final List<StageAgent> declared,
        final SnapshotStore store,
        final long[] snapshotPositions,
        final long journalId,
        final Errors errors,
        final JournalAgent journal)
    {
        final boolean everyStage = declared.stream().allMatch((s) -> s.handler() instanceof SnapshottingHandler);
        final SnapshotRetention retention = context.retainJournalFromSnapshots() && everyStage && !declared.isEmpty() ?
            new SnapshotRetention(journal, declared.size()) : null;
        ExecutorService writer = null;
        for (int i = 0; i < declared.size(); i++)
        {
            final StageAgent stage = declared.get(i);
            final int index = i;
            if (stage.handler() instanceof SnapshottingHandler)
            {
                if (writer == null && context.threadLayout() != ThreadLayout.INVOKER)
                {
                    writer = Executors.newSingleThreadExecutor((runnable) ->
                    {
                        final Thread thread = new Thread(runnable, "herald-snapshots");
                        thread.setDaemon(true);
                        return thread;
                    });
                }
                final SnapshotTaker taker = new SnapshotTaker(stage.roleName(), (SnapshottingHandler)stage.handler(),
                    store, writer, errors, journalId, context.snapshotEveryRecords(), context.snapshotEveryNs(),
                    retention == null ? null : (oldestKept) -> retention.kept(index, oldestKept));
                taker.startAt(snapshotPositions[i], resume.toSequence());
                stage.snapshots(taker);
            }
        }
        return writer;
    }

    /**
     * Open the journal, start the journal stage and every consumer stage, and return once all their threads
     * have started and called {@link MessageHandler#onStart()} and {@link MessageHandler#onResume}, so nothing
     * published afterwards can be missed (Disruptor #517). Under {@link ThreadLayout#INVOKER} these run here, on the
     * calling thread.
     *
     * <p>Over a journal that holds records (a restart, after a crash or a close) every declared stage is first
     * rebuilt from it: the whole journal is replayed into it in replay mode, on the calling thread, and then it is
     * given its live moment to take up owed work ({@link MessageHandler#onResume}); the first fact published gets
     * the next sequence. {@link #resumeReport()} says what the rebuild did; {@link Context#rebuild(boolean)} turns
     * it off.
     *
     * @param context settings; {@link Context#conclude()} is called here.
     * @return the running engine.
     * @throws IllegalArgumentException naming the setting when one is invalid.
     * @throws IllegalStateException    when the JVM lacks {@code --add-opens java.base/jdk.internal.misc=ALL-UNNAMED},
     *                                  before any file is created.
     * @throws dev.herald.journal.JournalException when the journal cannot be opened.
     */
    public static Engine launch(final Context context)
    {
        dev.herald.journal.AgronaAccess.require();
        context.conclude();
        final JournalWriter writer = Journal.openWriter(context.journal());
        try
        {
            return new Engine(context, writer);
        }
        catch (final Throwable throwable)
        {
            CloseHelper.quietClose(writer);
            throw throwable;
        }
    }

    /**
     * Publish a fact if the ring has room, without waiting. The source is validated before anything is claimed
     * and then encoded straight into the ring slot; allocates nothing.
     *
     * @param messageType   application message type, {@code >= 0}.
     * @param schemaVersion of the payload.
     * @param correlationId business key (an order id) or trace id.
     * @param encoder       a stateless, non-capturing encoder.
     * @param source        the encoder's argument.
     * @param <T>           the source type.
     * @return the journal sequence the fact got ({@code >= 0}), {@link #BACK_PRESSURED} when the ring is full,
     * {@link #CLOSED} once the engine is closing, or {@link #JOURNAL_FAILED} once the journal cannot write.
     * @throws IllegalArgumentException from validation (nothing entered the ring), or from the encoder.
     * @throws IllegalStateException    when a close finished while this publish was under way: the fact may not be
     *                                  journaled.
     */
    public <T> long tryPublish(
        final int messageType,
        final short schemaVersion,
        final long correlationId,
        final PayloadEncoder<T> encoder,
        final T source)
    {
        return publisher.tryPublish(messageType, schemaVersion, correlationId, encoder, source);
    }

    /**
     * Publish a fact, waiting up to a timeout for room in the ring. Waits by spinning briefly, then yielding,
     * then parking for growing periods of up to 100 microseconds. Under {@link ThreadLayout#INVOKER}, do not call
     * it on the thread that invokes the duty cycle: nothing would free the ring while it waits; use
     * {@link #tryPublish} and {@code invoker().invoke()} instead.
     *
     * @param messageType   application message type, {@code >= 0}.
     * @param schemaVersion of the payload.
     * @param correlationId business key (an order id) or trace id.
     * @param encoder       a stateless, non-capturing encoder.
     * @param source        the encoder's argument.
     * @param timeout       longest wait for room.
     * @param unit          of the timeout.
     * @param <T>           the source type.
     * @return the journal sequence the fact got ({@code >= 0}), or {@link #BACK_PRESSURED} when the timeout
     * passed first.
     * @throws IllegalArgumentException from validation (nothing entered the ring), or from the encoder.
     * @throws IllegalStateException    when the engine is closed.
     * @throws dev.herald.journal.JournalException the journal's failure ({@link #journalFailure()}) once it cannot
     *                                  write: it names the directory and the cause, and for a full disk the space
     *                                  needed and free.
     */
    public <T> long publish(
        final int messageType,
        final short schemaVersion,
        final long correlationId,
        final PayloadEncoder<T> encoder,
        final T source,
        final long timeout,
        final TimeUnit unit)
    {
        return publisher.publish(messageType, schemaVersion, correlationId, encoder, source, unit.toNanos(timeout));
    }

    /**
     * Publish a fact that came from outside the engine, waiting up to a timeout for room, with its source position
     * in the same journal frame ({@link dev.herald.journal.RecordDescriptor#FLAG_SOURCE_POSITION}): a Kafka source
     * passes the record's partition and offset, and after a restart reads from the journal where to go on. The
     * payload that consumers see is the encoder's alone. Otherwise as
     * {@link #publish(int, short, long, PayloadEncoder, Object, long, TimeUnit)}; the encoder has
     * {@link dev.herald.journal.RecordDescriptor#SOURCE_POSITION_LENGTH} bytes less room.
     *
     * @param messageType     application message type, {@code >= 0}.
     * @param schemaVersion   of the payload.
     * @param correlationId   business key (an order id) or trace id.
     * @param encoder         a stateless, non-capturing encoder.
     * @param source          the encoder's argument.
     * @param sourcePartition where the fact came from, {@code >= 0} (a Kafka partition).
     * @param sourceOffset    its position there, {@code >= 0} (a Kafka offset).
     * @param timeout         longest wait for room.
     * @param unit            of the timeout.
     * @param <T>             the source type.
     * @return the journal sequence the fact got, or {@link #BACK_PRESSURED} when the timeout passed first.
     * @throws IllegalArgumentException from validation, a negative partition or offset included.
     * @throws IllegalStateException    when the engine is closed.
     */
    public <T> long publish(
        final int messageType,
        final short schemaVersion,
        final long correlationId,
        final PayloadEncoder<T> encoder,
        final T source,
        final int sourcePartition,
        final long sourceOffset,
        final long timeout,
        final TimeUnit unit)
    {
        Publisher.requireSource(sourcePartition);
        return publisher.publish(messageType, schemaVersion, correlationId, encoder, source, sourcePartition,
            sourceOffset, unit.toNanos(timeout));
    }

    /**
     * Journal the failure of input from outside the engine that could not become a fact, such as a Kafka record
     * whose order fails validation: a {@link dev.herald.journal.RecordDescriptor#TYPE_HANDLER_FAILED} fact (laid out
     * by {@link HandlerFailure}, its stage being {@code sourceName}) with the input's source position, so the input
     * is accounted for, is not read again after a restart, and never blocks its partition.
     *
     * @param sourceName      names the source, e.g. "kafka-source orders"; the failure's stage name.
     * @param cause           what was wrong; its message is kept (cut to {@link HandlerFailure#MAX_MESSAGE_LENGTH}).
     * @param correlationId   the business key if known, else 0.
     * @param sourcePartition where the input came from, {@code >= 0}.
     * @param sourceOffset    its position there, {@code >= 0}.
     * @param timeout         longest wait for room.
     * @param unit            of the timeout.
     * @return the journal sequence of the failure, or {@link #BACK_PRESSURED} when the timeout passed first.
     * @throws IllegalArgumentException for a negative partition or offset.
     * @throws IllegalStateException    when the engine is closed.
     */
    public long publishFailure(
        final String sourceName,
        final Throwable cause,
        final long correlationId,
        final int sourcePartition,
        final long sourceOffset,
        final long timeout,
        final TimeUnit unit)
    {
        Publisher.requireSource(sourcePartition);
        return publisher.publishFailure(sourceName, cause, correlationId, sourcePartition, sourceOffset,
            unit.toNanos(timeout));
    }

    /**
     * Add a stage to the running engine that first catches up from the journal and then joins the live ring at
     * the exact next sequence, with no gap and no duplicate ({@link StageMetrics#catchingUp()} tells when it is
     * over). It replays the journal from {@code fromSequence} in replay mode ({@link Emitter#isReplay()} true,
     * emits do nothing), a bounded batch per duty cycle, chasing the journal's head without holding the producer
     * back; once close to it, it joins the ring at the ring's tail T (from then on nothing after T can be
     * overwritten), replays what is left up to T and handles live messages from there on.
     *
     * <p>It runs where the layout puts it: on the thread its {@link Stage#thread(String)} names or the layout's
     * shared thread when that thread exists (joining it between two duty cycles), on a new thread otherwise, or in
     * the invoker, where it starts at the next {@code invoke()}.
     *
     * @param stage        the stage; it may run {@code after} existing stages.
     * @param fromSequence first journal sequence the stage wants, 0 for the whole journal.
     * @throws IllegalArgumentException when the stage is invalid or its name is taken.
     * @throws IllegalStateException    when the engine is closed, or under the invoker when a stage added before
     *                                  has not been started by an {@code invoke()} yet.
     */
    public void addStage(final Stage stage, final long fromSequence)
    {
        final Stage copy = stage.copy();
        copy.validate();
        if (fromSequence < 0)
        {
            throw new IllegalArgumentException("invalid fromSequence=" + fromSequence + ", must be >= 0");
        }
        synchronized (lock)
        {
            if (!state.isRunning())
            {
                throw new IllegalStateException("engine closed");
            }
            final StageAgent agent = topology.newLate(copy, fromSequence);
            threads.placeLate(agent, copy.threadName());
            topology.register(agent);
        }
    }

    /**
     * A snapshot of the engine's counters and latency histogram, taken without stopping anything.
     *
     * @return the snapshot.
     */
    public EngineMetrics metrics()
    {
        return metrics.sample();
    }

    /** @return what the launch replayed to rebuild the stages; any thread. */
    public ResumeReport resumeReport()
    {
        return resume;
    }

    /**
     * @return the highest journal sequence the journal reports durable under its policy, -1 when none; any
     * thread, cheap.
     */
    public long durableSequence()
    {
        return topology.journal().durableJournalSequence();
    }

    /**
     * Why the journal stopped writing: a full disk ({@link dev.herald.journal.JournalFullException}) or an I/O error.
     * From then on the engine takes no new fact, stages finish what was made durable before, and {@link #close()}
     * returns promptly, saying which published facts were not journaled.
     *
     * @return the failure, or null while the journal writes; any thread.
     */
    public dev.herald.journal.JournalException journalFailure()
    {
        return state.journalFailure();
    }

    /** @return true once {@link #close()} has begun. */
    public boolean isClosed()
    {
        return state.isClosing();
    }

    /** @return the thread layout the engine runs with, as chosen at launch. */
    public ThreadLayout threadLayout()
    {
        return context.threadLayout();
    }

    /** @return the wait strategy of the engine's threads. */
    public WaitStrategy waitStrategy()
    {
        return context.waitStrategy();
    }

    /**
     * The duty cycle of every participant under {@link ThreadLayout#INVOKER}: call {@code invoke()} from one thread
     * at a time, as often as the application's loop allows; it returns the work done (0 when idle) and never blocks.
     * The invoker is already started; {@link #close()} closes it.
     *
     * @return the invoker, or null for the layouts that run their own threads.
     */
    public AgentInvoker invoker()
    {
        return threads.invoker();
    }

    /**
     * Replay a journal through handlers in replay mode, on the calling thread: {@link Emitter#isReplay()} is
     * true, emits do nothing, {@link MessageHandler#onIdle} is never called, and each handler gets
     * {@link MessageHandler#onStart()}, every record in order, a batch end every 1024 records and at the end,
     * then {@link MessageHandler#onShutdown()}. A handler that throws is isolated and reported to standard error.
     *
     * @param journalDirectory of the journal.
     * @param fromSequence     first sequence, inclusive.
     * @param toSequence       last sequence, inclusive; {@code Long.MAX_VALUE} for all.
     * @param handlers         to drive, each handed every record before the next record.
     * @return the number of records replayed.
     */
    public static long replay(
        final Path journalDirectory, final long fromSequence, final long toSequence, final MessageHandler... handlers)
    {
        return replay(journalDirectory, fromSequence, toSequence, Context.DEFAULT_ERROR_LISTENER, handlers);
    }

    /**
     * Replay a journal through handlers in replay mode, reporting isolated failures to a listener under the
     * names {@code handler-0}, {@code handler-1}, ... See {@link #replay(Path, long, long, MessageHandler...)}.
     *
     * @param journalDirectory of the journal.
     * @param fromSequence     first sequence, inclusive.
     * @param toSequence       last sequence, inclusive; {@code Long.MAX_VALUE} for all.
     * @param errorListener    told about each failure.
     * @param handlers         to drive.
     * @return the number of records replayed.
     */
    public static long replay(
        final Path journalDirectory,
        final long fromSequence,
        final long toSequence,
        final ErrorListener errorListener,
        final MessageHandler... handlers)
    {
        final Errors errors = new Errors(errorListener);
        final HandlerInvoker[] invokers = new HandlerInvoker[handlers.length];
        for (int i = 0; i < handlers.length; i++)
        {
            invokers[i] = new HandlerInvoker("handler-" + i, handlers[i], 0, errors, null);
            invokers[i].onStart();
        }
        final ReplayDriver driver = new ReplayDriver(invokers);
        try (JournalReader reader = Journal.openReader(journalDirectory))
        {
            reader.replay(fromSequence, toSequence, driver);
            driver.finish();
        }
        finally
        {
            for (final HandlerInvoker invoker : invokers)
            {
                invoker.onShutdown();
            }
        }
        return driver.delivered();
    }

    /**
     * Write snapshots of a journal offline: replay the whole journal into the stages' handlers in replay mode, on
     * the calling thread, then write a snapshot of each {@link SnapshottingHandler} at the last sequence read, where
     * a later {@link #launch} over the journal loads it. Reads only; a writer may be appending meanwhile (the
     * snapshots then cover what was read).
     *
     * @param journalDirectory of the journal.
     * @param errorListener    told about each isolated handler failure, under the stage's name.
     * @param stages           the stages, named as the engine that resumes the journal names them.
     * @return what was replayed and how many snapshots were written ({@link ResumeReport#snapshotsLoaded()}).
     */
    public static ResumeReport writeSnapshots(
        final Path journalDirectory, final ErrorListener errorListener, final Stage... stages)
    {
        final Errors errors = new Errors(errorListener);
        final HandlerInvoker[] invokers = new HandlerInvoker[stages.length];
        for (int i = 0; i < stages.length; i++)
        {
            stages[i].validate();
            invokers[i] = new HandlerInvoker(stages[i].name(), stages[i].handler(), 0, errors, null);
            invokers[i].replay(true);
        }
        final long start = System.nanoTime();
        final ReplayDriver driver = new ReplayDriver(invokers);
        final long journalId;
        try (JournalReader reader = Journal.openReader(journalDirectory))
        {
            journalId = reader.journalId();
            reader.replay(0, Long.MAX_VALUE, driver);
            driver.finish();
        }
        int written = 0;
        final long last = driver.lastSequence();
        if (last >= 0)
        {
            final SnapshotStore store = new SnapshotStore(journalDirectory);
            final org.agrona.ExpandableArrayBuffer state = new org.agrona.ExpandableArrayBuffer(64 * 1024);
            for (final Stage stage : stages)
            {
                if (stage.handler() instanceof SnapshottingHandler)
                {
                    final SnapshottingHandler handler = (SnapshottingHandler)stage.handler();
                    store.write(stage.name(), journalId, last, handler.snapshotVersion(), state,
                        handler.takeSnapshot(state));
                    written++;
                }
            }
        }
        return new ResumeReport(last - driver.delivered() + 1, last, driver.delivered(), written,
            System.nanoTime() - start);
    }

    /**
     * Close with the context's {@link Context#closeTimeoutNs(long)}.
     *
     * @see #close(long, TimeUnit)
     */
    @Override
    public void close()
    {
        close(context.closeTimeoutNs(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stop intake, then drain: everything already published is journaled and handled by every stage, overflows
     * included, facts derived while draining too; then stop and join every thread and close the journal.
     * Publishing afterwards is refused ({@link #CLOSED}, or {@link IllegalStateException} "engine closed" from
     * {@link #publish}). A publish that races with close is either drained or refused. Idempotent. Not to be
     * called from a handler: it would wait for the handler's own thread.
     *
     * @param timeout longest wait for the drain and the joins.
     * @param unit    of the timeout.
     * @throws EngineCloseException when the timeout passed first, with what was left; or, after the journal failed,
     *                              at once, naming the failure (its cause) and the facts that were not journaled.
     */
    public void close(final long timeout, final TimeUnit unit)
    {
        if (threads.isEngineThread(Thread.currentThread()))
        {
            throw new IllegalStateException(
                "close() called on engine thread " + Thread.currentThread().getName() + ", which it would wait for");
        }
        synchronized (lock)
        {
            if (!state.beginClose())
            {
                return;
            }
        }
        try
        {
            closer.close(unit.toNanos(timeout));
        }
        finally
        {
            if (snapshotWriter != null)
            {
                snapshotWriter.shutdown();
            }
        }
    }

    public static final class Context
    {
        /** System property that sets the default ring size. */
        public static final String RING_SIZE_PROP_NAME = "herald.engine.ring.size";
        /** Default ring size: 1024 slots. */
        public static final int RING_SIZE_DEFAULT = 1024;
        /** System property that sets the default slot capacity. */
        public static final String MAX_MESSAGE_LENGTH_PROP_NAME = "herald.engine.max.message.length";
        /** Default slot capacity: 1024 bytes, header included. */
        public static final int MAX_MESSAGE_LENGTH_DEFAULT = 1024;
        /** Smallest slot capacity: the header and room for a short failure record. */
        public static final int MAX_MESSAGE_LENGTH_MIN = 64;
        /** Largest slot capacity. */
        public static final int MAX_MESSAGE_LENGTH_MAX = 16 * 1024 * 1024;
        /** System property that sets the default wait strategy, by its {@link WaitStrategy#alias()}. */
        public static final String WAIT_STRATEGY_PROP_NAME = "herald.engine.wait.strategy";
        /**
         * Default wait strategy where the engine's threads leave a core to the publisher: spins briefly after work,
         * then parks until woken, so it never burns an idle core. Where they do not (two engine threads on two
         * cores), the default is {@link WaitStrategy#BLOCKING}, which parks at once: a thread that spins after its
         * work would take the core the other thread or the publisher needs.
         */
        public static final WaitStrategy WAIT_STRATEGY_DEFAULT = WaitStrategy.ADAPTIVE;
        /** System property that sets the default thread layout, by its {@link ThreadLayout#alias()}. */
        public static final String THREAD_LAYOUT_PROP_NAME = "herald.engine.thread.layout";
        /** System property that sets the default batch limit. */
        public static final String BATCH_LIMIT_PROP_NAME = "herald.engine.batch.limit";
        /** Default batch limit: 256 messages per stage per duty cycle. */
        public static final int BATCH_LIMIT_DEFAULT = 256;
        /** System property that sets the default idle tick in nanoseconds. */
        public static final String IDLE_TICK_PROP_NAME = "herald.engine.idle.tick.ns";
        /** Default idle tick: 10 ms. */
        public static final long IDLE_TICK_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(10);
        /** Smallest idle tick: 1 microsecond. */
        public static final long IDLE_TICK_MIN_NS = 1_000L;
        /** System property that sets how many records a stage handles between two snapshots. */
        public static final String SNAPSHOT_EVERY_RECORDS_PROP_NAME = "herald.engine.snapshot.every.records";
        /** Default: a snapshot every 1,000,000 records a stage handles. */
        public static final long SNAPSHOT_EVERY_RECORDS_DEFAULT = 1_000_000;
        /** Default: a snapshot at least every 60 s while a stage handles records. */
        public static final long SNAPSHOT_EVERY_NS_DEFAULT = TimeUnit.SECONDS.toNanos(60);
        /** Default close timeout: 30 s. */
        public static final long CLOSE_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(30);

        static final ErrorListener DEFAULT_ERROR_LISTENER = (stageName, sequence, throwable) ->
        {
            System.err.println("herald: stage=" + stageName + " sequence=" + sequence + " failed: " + throwable);
            throwable.printStackTrace(System.err);
        };

        private boolean concluded;
        private int ringSize = Integer.getInteger(RING_SIZE_PROP_NAME, RING_SIZE_DEFAULT);
        private int maxMessageLength = Integer.getInteger(MAX_MESSAGE_LENGTH_PROP_NAME, MAX_MESSAGE_LENGTH_DEFAULT);
        private WaitStrategy waitStrategy = System.getProperty(WAIT_STRATEGY_PROP_NAME) == null ? null :
            WaitStrategy.fromAlias(System.getProperty(WAIT_STRATEGY_PROP_NAME));
        private ThreadLayout threadLayout = System.getProperty(THREAD_LAYOUT_PROP_NAME) == null ? null :
            ThreadLayout.fromAlias(System.getProperty(THREAD_LAYOUT_PROP_NAME));
        private int batchLimit = Integer.getInteger(BATCH_LIMIT_PROP_NAME, BATCH_LIMIT_DEFAULT);
        private long idleTickNs = Long.getLong(IDLE_TICK_PROP_NAME, IDLE_TICK_DEFAULT_NS);
        private long closeTimeoutNs = CLOSE_TIMEOUT_DEFAULT_NS;
        private boolean rebuild = true;
        private boolean snapshots = true;
        private long snapshotEveryRecords = Long.getLong(SNAPSHOT_EVERY_RECORDS_PROP_NAME,
            SNAPSHOT_EVERY_RECORDS_DEFAULT);
        private long snapshotEveryNs = SNAPSHOT_EVERY_NS_DEFAULT;
        private boolean retainJournalFromSnapshots;
        private ProducerType producerType = ProducerType.MULTI;
        private Gating gating = Gating.DURABLE;
        private ErrorListener errorListener = DEFAULT_ERROR_LISTENER;
        private EpochNanoClock clock;
        private Journal.Context journal;
        private final List<Stage> stages = new ArrayList<>();

        /**
         * Validate the settings and fill in defaults. Called once by {@link Engine#launch(Context)}.
         *
         * @return this for a fluent API.
         * @throws IllegalArgumentException naming the setting and its value when one is invalid.
         */
        public Context conclude()
        {
            if (concluded)
            {
                throw new IllegalStateException("context already concluded");
            }
            if (ringSize < 1 || Integer.bitCount(ringSize) != 1)
            {
                throw new IllegalArgumentException("invalid ringSize=" + ringSize + ", must be a power of two");
            }
            if (maxMessageLength < MAX_MESSAGE_LENGTH_MIN || maxMessageLength > MAX_MESSAGE_LENGTH_MAX ||
                maxMessageLength % RecordDescriptor.FRAME_ALIGNMENT != 0)
            {
                throw new IllegalArgumentException("invalid maxMessageLength=" + maxMessageLength +
                    ", must be a multiple of " + RecordDescriptor.FRAME_ALIGNMENT + " in [" +
                    MAX_MESSAGE_LENGTH_MIN + ", " + MAX_MESSAGE_LENGTH_MAX + "]");
            }
            if ((long)ringSize * maxMessageLength > Integer.MAX_VALUE)
            {
                throw new IllegalArgumentException("invalid ringSize=" + ringSize + ", ringSize * maxMessageLength=" +
                    (long)ringSize * maxMessageLength + " must be <= " + Integer.MAX_VALUE);
            }
            if (batchLimit < 1)
            {
                throw new IllegalArgumentException("invalid batchLimit=" + batchLimit + ", must be >= 1");
            }
            if (idleTickNs < IDLE_TICK_MIN_NS)
            {
                throw new IllegalArgumentException(
                    "invalid idleTickNs=" + idleTickNs + ", must be >= " + IDLE_TICK_MIN_NS);
            }
            if (snapshotEveryRecords < 0 || snapshotEveryNs < 0)
            {
                throw new IllegalArgumentException("invalid snapshotEveryRecords=" + snapshotEveryRecords +
                    " snapshotEveryNs=" + snapshotEveryNs + ", must not be negative");
            }
            if (closeTimeoutNs <= 0)
            {
                throw new IllegalArgumentException("invalid closeTimeoutNs=" + closeTimeoutNs + ", must be > 0");
            }
            requireSet("producerType", producerType);
            requireSet("gating", gating);
            requireSet("errorListener", errorListener);
            requireSet("journal", journal);

            final Map<String, Stage> seen = new HashMap<>();
            for (final Stage stage : stages)
            {
                stage.validate();
                if (seen.containsKey(stage.name()))
                {
                    throw new IllegalArgumentException("invalid stage=" + stage.name() + ", duplicate name");
                }
                for (final String dependency : stage.after())
                {
                    if (!seen.containsKey(dependency))
                    {
                        throw new IllegalArgumentException("invalid after=" + dependency + " for stage=" +
                            stage.name() + ", must name a stage declared before it");
                    }
                }
                seen.put(stage.name(), stage);
            }
            final int cores = Runtime.getRuntime().availableProcessors();
            if (threadLayout == null)
            {
                threadLayout = ThreadLayout.forMachine(cores,
                    journal.durability() != null ? journal.durability() : DurabilityPolicy.PER_BATCH, stages.size(),
                    waitStrategy != null ? waitStrategy : WAIT_STRATEGY_DEFAULT);
            }
            if (waitStrategy == null)
            {
                waitStrategy = EngineThreads.threadCount(threadLayout, stages) <= cores - 1 ?
                    WAIT_STRATEGY_DEFAULT : WaitStrategy.BLOCKING;
            }
            if (clock == null)
            {
                // Not SystemEpochNanoClock: it builds an Instant per call, an allocation on every publish.
                clock = new OffsetEpochNanoClock();
            }
            concluded = true;
            return this;
        }

        private static void requireSet(final String name, final Object value)
        {
            if (value == null)
            {
                throw new IllegalArgumentException("invalid " + name + "=null, must be set");
            }
        }

        /**
         * @param ringSize number of slots, a power of two; the producer waits or is refused when all are in use.
         * @return this for a fluent API.
         */
        public Context ringSize(final int ringSize)
        {
            this.ringSize = ringSize;
            return this;
        }

        /** @return number of slots in the ring. */
        public int ringSize()
        {
            return ringSize;
        }

        /**
         * @param producerType {@link ProducerType#MULTI} (the default) for any number of publishing threads;
         *                     {@link ProducerType#SINGLE} when exactly one thread publishes and no handler emits:
         *                     emits then throw, and handler failures are counted and reported but not journaled.
         * @return this for a fluent API.
         */
        public Context producerType(final ProducerType producerType)
        {
            this.producerType = producerType;
            return this;
        }

        /** @return the producer type. */
        public ProducerType producerType()
        {
            return producerType;
        }

        /**
         * How engine threads wait for work when idle. Left unset (or null), {@link #conclude()} picks
         * {@link WaitStrategy#ADAPTIVE} when the layout's threads leave a core to the publisher and
         * {@link WaitStrategy#BLOCKING} when they do not (see {@link #WAIT_STRATEGY_DEFAULT}); the
         * {@value #WAIT_STRATEGY_PROP_NAME} property sets it by alias. Neither burns an idle core. The strategies that
         * spin or yield burn a core per engine thread: only with more cores than engine threads plus publishers.
         *
         * @param waitStrategy the strategy, or null for the default.
         * @return this for a fluent API.
         */
        public Context waitStrategy(final WaitStrategy waitStrategy)
        {
            this.waitStrategy = waitStrategy;
            return this;
        }

        /** @return the wait strategy; after {@link #conclude()} the one the engine runs with. */
        public WaitStrategy waitStrategy()
        {
            return waitStrategy;
        }

        /**
         * Bound the work of one duty cycle: a stage handles at most this many messages before its thread moves on to
         * the next stage it runs, so one busy stage cannot starve the others on a shared thread. The journal stage is
         * not bound by it: it commits everything published since its last commit (at most the ring) as one batch,
         * because under a forcing durability policy each batch costs an fdatasync, and 256 records a commit held
         * {@code herald run} to 0.57x of its page-cache speed (docs/benchmarks.md).
         *
         * @param batchLimit messages per stage per duty cycle, at least 1; {@value #BATCH_LIMIT_DEFAULT} by default.
         * @return this for a fluent API.
         */
        public Context batchLimit(final int batchLimit)
        {
            this.batchLimit = batchLimit;
            return this;
        }

        /** @return the batch limit. */
        public int batchLimit()
        {
            return batchLimit;
        }

        /**
         * @param maxMessageLength slot capacity in bytes, header included: a multiple of 8 in [64, 16 MiB] and at
         *                         most the journal's largest frame.
         * @return this for a fluent API.
         */
        public Context maxMessageLength(final int maxMessageLength)
        {
            this.maxMessageLength = maxMessageLength;
            return this;
        }

        /** @return the slot capacity in bytes. */
        public int maxMessageLength()
        {
            return maxMessageLength;
        }

        /**
         * @param journal settings of the journal the engine opens (and owns) at launch; required.
         * @return this for a fluent API.
         */
        public Context journal(final Journal.Context journal)
        {
            this.journal = journal;
            return this;
        }

        /** @return the journal settings. */
        public Journal.Context journal()
        {
            return journal;
        }

        /**
         * @param gating whether consumers wait for durability ({@link Gating#DURABLE}, the default) or run
         *               beside the journal stage.
         * @return this for a fluent API.
         */
        public Context gating(final Gating gating)
        {
            this.gating = gating;
            return this;
        }

        /** @return the gating. */
        public Gating gating()
        {
            return gating;
        }

        /**
         * @param threadLayout which threads run the journal stage and the consumer stages; null (the default, or the
         *                     {@value #THREAD_LAYOUT_PROP_NAME} property) lets {@link #conclude()} pick one for
         *                     this machine with {@link ThreadLayout#forMachine}.
         * @return this for a fluent API.
         */
        public Context threadLayout(final ThreadLayout threadLayout)
        {
            this.threadLayout = threadLayout;
            return this;
        }

        /** @return the thread layout; after {@link #conclude()} the one the engine runs with. */
        public ThreadLayout threadLayout()
        {
            return threadLayout;
        }

        /**
         * @param idleTickNs how long a stage waits with nothing to do before {@link MessageHandler#onIdle} is
         *                   called, and then how often; at least 1 microsecond, 10 ms by default.
         * @return this for a fluent API.
         */
        public Context idleTickNs(final long idleTickNs)
        {
            this.idleTickNs = idleTickNs;
            return this;
        }

        /** @return the idle tick in nanoseconds. */
        public long idleTickNs()
        {
            return idleTickNs;
        }

        /**
         * @param rebuild true (the default) to replay an existing journal into every declared stage at launch
         *                before it goes live, as a restart needs; false to start the stages empty, seeing only facts
         *                published from now on (the journal is appended to either way).
         * @return this for a fluent API.
         */
        public Context rebuild(final boolean rebuild)
        {
            this.rebuild = rebuild;
            return this;
        }

        /** @return whether launch rebuilds the stages from an existing journal. */
        public boolean rebuild()
        {
            return rebuild;
        }

        /**
         * @param snapshots true (the default) to take snapshots of every stage whose handler is a
         *                  {@link SnapshottingHandler} and load them at launch; taken only under {@link Gating#DURABLE},
         *                  where a stage never holds a fact the journal might lose.
         * @return this for a fluent API.
         */
        public Context snapshots(final boolean snapshots)
        {
            this.snapshots = snapshots;
            return this;
        }

        /** @return whether snapshots are taken and loaded. */
        public boolean snapshots()
        {
            return snapshots;
        }

        /**
         * When a snapshotting stage writes a snapshot: after this many records since its last one, or this long
         * since it, whichever comes first, checked between batches; and always on close. A snapshot costs the
         * stage the copy of its state; the file is written by another thread.
         *
         * @param records records between snapshots, 0 for no count limit; {@value #SNAPSHOT_EVERY_RECORDS_DEFAULT} by
         *                default.
         * @param ns      nanoseconds between snapshots, 0 for no time limit; 60 s by default.
         * @return this for a fluent API.
         */
        public Context snapshotEvery(final long records, final long ns)
        {
            this.snapshotEveryRecords = records;
            this.snapshotEveryNs = ns;
            return this;
        }

        /** @return records between snapshots, 0 for no count limit. */
        public long snapshotEveryRecords()
        {
            return snapshotEveryRecords;
        }

        /** @return nanoseconds between snapshots, 0 for no time limit. */
        public long snapshotEveryNs()
        {
            return snapshotEveryNs;
        }

        /**
         * Delete the journal's segments that only the snapshots still cover: when every declared stage takes
         * snapshots, the journal is kept from the oldest snapshot any stage keeps (its fallback included), and the
         * segments wholly below it are deleted as snapshots are written. Off by default: a full
         * {@link Engine#replay}, and a stage added later from an earlier sequence, then find the journal starting
         * later; a launch whose stages can use none of their snapshots refuses to start rather than rebuild from a
         * partial journal.
         *
         * @param retain true to delete segments below the snapshots.
         * @return this for a fluent API.
         */
        public Context retainJournalFromSnapshots(final boolean retain)
        {
            this.retainJournalFromSnapshots = retain;
            return this;
        }

        /** @return whether segments below the snapshots are deleted. */
        public boolean retainJournalFromSnapshots()
        {
            return retainJournalFromSnapshots;
        }

        /**
         * @param closeTimeoutNs how long {@link Engine#close()} waits to drain and stop; 30 s by default.
         * @return this for a fluent API.
         */
        public Context closeTimeoutNs(final long closeTimeoutNs)
        {
            this.closeTimeoutNs = closeTimeoutNs;
            return this;
        }

        /** @return the close timeout in nanoseconds. */
        public long closeTimeoutNs()
        {
            return closeTimeoutNs;
        }

        /**
         * @param errorListener told about every isolated failure; by default they are printed to standard error.
         * @return this for a fluent API.
         */
        public Context errorListener(final ErrorListener errorListener)
        {
            this.errorListener = errorListener;
            return this;
        }

        /** @return the error listener. */
        public ErrorListener errorListener()
        {
            return errorListener;
        }

        /**
         * @param clock for message timestamps, epoch nanoseconds, called on every publish and emit; by default an
         *              {@link OffsetEpochNanoClock}: {@code System.nanoTime()} plus an offset to the wall clock that is
         *              sampled at launch and re-sampled hourly, so it does not allocate.
         * @return this for a fluent API.
         */
        public Context clock(final EpochNanoClock clock)
        {
            this.clock = clock;
            return this;
        }

        /** @return the clock. */
        public EpochNanoClock clock()
        {
            return clock;
        }

        /**
         * Declare a consumer stage; stages are polled and listed in declaration order.
         *
         * @param stage the declaration, copied now.
         * @return this for a fluent API.
         */
        public Context stage(final Stage stage)
        {
            stages.add(stage.copy());
            return this;
        }

        /** @return the declared stages, in order. */
        public List<Stage> stages()
        {
            return List.copyOf(stages);
        }
    }
}
