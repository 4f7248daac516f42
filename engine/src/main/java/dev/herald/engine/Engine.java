package dev.herald.engine;

import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.dsl.ProducerType;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;
import dev.herald.journal.JournalWriter;
import dev.herald.journal.RecordDescriptor;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Herald's engine: accepts facts, journals them and fans them out through an LMAX Disruptor ring to consumer
 * stages that run in parallel, each on its own thread or sharing one.
 *
 * <pre>{@code
 * Engine engine = Engine.launch(new Engine.Context()
 *     .journal(new Journal.Context().directory(dir))
 *     .stage(Stage.named("payment").handler(payment))
 *     .stage(Stage.named("email").handler(email).after("payment")));
 * engine.tryPublish(ORDER_PLACED, (short)1, orderId, OrderEncoder.INSTANCE, order);
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
 * <p>Handlers must ignore message types they do not know, including Herald's own negative types:
 * {@link RecordDescriptor#TYPE_HANDLER_FAILED} and {@link #TYPE_ENCODE_FAILED}.
 *
 * <p>Threading: {@link #tryPublish} and {@link #publish} may be called from any number of threads with
 * {@link ProducerType#MULTI} (the default), from exactly one with {@link ProducerType#SINGLE}.
 * {@link #metrics()}, {@link #durableSequence()}, {@link #addStage} and {@link #close()} may be called from any
 * thread. Every JVM that runs the engine needs {@code --add-opens java.base/jdk.internal.misc=ALL-UNNAMED}
 * (Agrona).
 */
public final class Engine implements AutoCloseable
{
    /**
     * Message type of the record left in the ring when an encoder threw after its slot was claimed: a claimed
     * slot must be published to keep the journal gap-free. Its payload is empty; correlation and causation are
     * those of the failed publish.
     */
    public static final int TYPE_ENCODE_FAILED = -3;

    private static final int RUNNING = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;
    private static final String SHARED_THREAD_NAME = "stages";
    private static final String THREAD_PREFIX = "herald-";

    private final Context context;
    private final Path journalDirectory;
    private final Doorbell doorbell;
    private final Lifecycle lifecycle = new Lifecycle();
    private final Errors errors;
    private final Ring ring;
    private final Tail tail;
    private final JournalAgent journalAgent;
    private final Object lock = new Object();
    private final Histogram latencyTotal = new Histogram(1, Tail.MAX_LATENCY_NS, 3);
    private Histogram latencyInterval;
    private volatile Agent[] agents;
    private volatile Runner[] runners = new Runner[0];
    private volatile int state = RUNNING;

    private Engine(final Context context, final JournalWriter writer)
    {
        this.context = context;
        this.doorbell = new Doorbell(RunnerIdle.BLOCKING.equals(context.waitStrategy()));
        this.journalDirectory = writer.directory();
        this.errors = new Errors(context.errorListener());
        if (context.maxMessageLength() > writer.maxFrameLength())
        {
            throw new IllegalArgumentException("invalid maxMessageLength=" + context.maxMessageLength() +
                ", must be <= journal maxFrameLength=" + writer.maxFrameLength());
        }

        ring = new Ring(context.producerType(), context.ringSize(), context.maxMessageLength(),
            writer.nextSequence(), context.clock(), doorbell);
        tail = new Tail(ring);
        ring.ringBuffer.addGatingSequences(tail.sequence);
        journalAgent = new JournalAgent(
            ring, writer, context.journal().durability(), tail, doorbell, errors);
        tail.add(journalAgent.sequence());

        final Gate rootGate = context.gating() == Gating.DURABLE ?
            new Gate.Minimum(journalAgent.durable) : new Gate.Published(ring);
        final Map<String, StageAgent> byName = new HashMap<>();
        final Map<String, List<Agent>> byThread = new LinkedHashMap<>();
        final List<Agent> all = new ArrayList<>();
        all.add(journalAgent);
        for (final Stage stage : context.stages())
        {
            final StageAgent agent = new StageAgent(stage, ring, gateFor(stage, rootGate, byName), tail, doorbell,
                errors, lifecycle, context.idleTickNs());
            tail.add(agent.sequence());
            byName.put(stage.name(), agent);
            all.add(agent);
            final String threadName = stage.threadName() != null ? stage.threadName() :
                context.threadLayout() == ThreadLayout.SHARED ? SHARED_THREAD_NAME : stage.name();
            byThread.computeIfAbsent(threadName, (name) -> new ArrayList<>()).add(agent);
        }
        agents = all.toArray(new Agent[0]);

        final CountDownLatch started = new CountDownLatch(1 + byThread.size());
        final List<Runner> toStart = new ArrayList<>();
        toStart.add(newRunner(JournalAgent.NAME, new Agent[]{ journalAgent }, started));
        byThread.forEach((threadName, threadAgents) ->
            toStart.add(newRunner(threadName, threadAgents.toArray(new Agent[0]), started)));
        start(toStart, started);
    }

    /**
     * Open the journal, start the journal stage and every consumer stage, and return once all their threads
     * have started and called {@link MessageHandler#onStart()}, so nothing published afterwards can be missed
     * (Disruptor #517).
     *
     * @param context settings; {@link Context#conclude()} is called here.
     * @return the running engine.
     * @throws IllegalArgumentException naming the setting when one is invalid.
     * @throws dev.herald.journal.JournalException when the journal cannot be opened.
     */
    public static Engine launch(final Context context)
    {
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
     * @return true when published, false when the ring is full.
     * @throws IllegalArgumentException from validation (nothing entered the ring), or from the encoder.
     * @throws IllegalStateException    when the engine is closed.
     */
    public <T> boolean tryPublish(
        final int messageType,
        final short schemaVersion,
        final long correlationId,
        final PayloadEncoder<T> encoder,
        final T source)
    {
        checkPublish(messageType, encoder, source);
        final long ringSequence = ring.tryClaim();
        if (ringSequence < 0)
        {
            ring.ringFullCount.incrementAndGet();
            return false;
        }
        write(ringSequence, messageType, schemaVersion, correlationId, encoder, source);
        return true;
    }

    /**
     * Publish a fact, waiting up to a timeout for room in the ring. Waits by spinning briefly, then yielding,
     * then parking for growing periods of up to 100 microseconds.
     *
     * @param messageType   application message type, {@code >= 0}.
     * @param schemaVersion of the payload.
     * @param correlationId business key (an order id) or trace id.
     * @param encoder       a stateless, non-capturing encoder.
     * @param source        the encoder's argument.
     * @param timeout       longest wait for room.
     * @param unit          of the timeout.
     * @param <T>           the source type.
     * @return true when published, false when the timeout passed first.
     * @throws IllegalArgumentException from validation (nothing entered the ring), or from the encoder.
     * @throws IllegalStateException    when the engine is closed.
     */
    public <T> boolean publish(
        final int messageType,
        final short schemaVersion,
        final long correlationId,
        final PayloadEncoder<T> encoder,
        final T source,
        final long timeout,
        final TimeUnit unit)
    {
        checkPublish(messageType, encoder, source);
        long ringSequence = ring.tryClaim();
        if (ringSequence < 0)
        {
            ring.ringFullCount.incrementAndGet();
            final long deadlineNs = System.nanoTime() + unit.toNanos(timeout);
            int idles = 0;
            while ((ringSequence = ring.tryClaim()) < 0)
            {
                if (state != RUNNING)
                {
                    throw new IllegalStateException("engine closed");
                }
                if (System.nanoTime() - deadlineNs >= 0)
                {
                    return false;
                }
                backOff(idles++);
            }
        }
        write(ringSequence, messageType, schemaVersion, correlationId, encoder, source);
        return true;
    }

    /**
     * Add a stage to the running engine that first catches up from the journal and then joins the live ring at
     * the exact next sequence, with no gap and no duplicate. On its own new thread it replays the journal from
     * {@code fromSequence} in replay mode ({@link Emitter#isReplay()} true, emits do nothing), chasing the
     * journal's head without holding the producer back; once close to it, it joins the ring at the ring's tail
     * T (from then on nothing after T can be overwritten), replays what is left up to T and handles live
     * messages from there on. Returns once the stage's thread has started; {@link StageMetrics#catchingUp()}
     * tells when the catch-up is over.
     *
     * @param stage        the stage; it may run {@code after} existing stages. It gets a new thread.
     * @param fromSequence first journal sequence the stage wants, 0 for the whole journal.
     * @throws IllegalArgumentException when the stage is invalid or its name is taken.
     * @throws IllegalStateException    when the engine is closed.
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
            if (state != RUNNING)
            {
                throw new IllegalStateException("engine closed");
            }
            final Map<String, StageAgent> byName = new HashMap<>();
            for (final Agent agent : agents)
            {
                if (agent.name().equals(copy.name()))
                {
                    throw new IllegalArgumentException("invalid stage=" + copy.name() + ", duplicate name");
                }
                if (agent instanceof StageAgent)
                {
                    byName.put(agent.name(), (StageAgent)agent);
                }
            }
            final Gate rootGate = context.gating() == Gating.DURABLE ?
                new Gate.Minimum(journalAgent.durable) : new Gate.Published(ring);
            final StageAgent agent = new StageAgent(copy, ring, gateFor(copy, rootGate, byName), tail, doorbell,
                errors, lifecycle, context.idleTickNs());
            agent.catchUp(journalDirectory, fromSequence, journalAgent, context.gating() == Gating.DURABLE);

            final Agent[] current = agents;
            final Agent[] updated = Arrays.copyOf(current, current.length + 1);
            updated[current.length] = agent;
            agents = updated;

            final CountDownLatch started = new CountDownLatch(1);
            final String threadName = copy.threadName() != null ? copy.threadName() : copy.name();
            start(List.of(newRunner(threadName, new Agent[]{ agent }, started)), started);
        }
    }

    /**
     * A snapshot of the engine's counters and latency histogram, taken without stopping anything.
     *
     * @return the snapshot.
     */
    public EngineMetrics metrics()
    {
        synchronized (lock)
        {
            latencyInterval = tail.latency.getIntervalHistogram(latencyInterval);
            latencyTotal.add(latencyInterval);

            final long cursor = ring.cursor();
            final Agent[] agents = this.agents;
            final List<StageMetrics> stages = new ArrayList<>(agents.length);
            String holdingBack = null;
            long lowest = Long.MAX_VALUE;
            for (final Agent agent : agents)
            {
                final StageMetrics metrics = agent.metrics(ring.base, cursor);
                stages.add(metrics);
                if (metrics.lag() > 0 && metrics.sequence() < lowest)
                {
                    lowest = metrics.sequence();
                    holdingBack = metrics.name();
                }
            }

            return new EngineMetrics(
                ring.base + cursor,
                ring.base + journalAgent.sequence().get(),
                journalAgent.durableJournalSequence(),
                ring.ringBuffer.getBufferSize(),
                ring.ringBuffer.remainingCapacity(),
                ring.ringFullCount.get(),
                holdingBack,
                errors.listenerErrors.get(),
                List.copyOf(stages),
                latencyTotal.copy());
        }
    }

    /**
     * @return the highest journal sequence the journal reports durable under its policy, -1 when none; any
     * thread, cheap.
     */
    public long durableSequence()
    {
        return journalAgent.durableJournalSequence();
    }

    /** @return true once {@link #close()} has begun. */
    public boolean isClosed()
    {
        return state != RUNNING;
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
        final String[] names = new String[handlers.length];
        for (int i = 0; i < handlers.length; i++)
        {
            names[i] = "handler-" + i;
        }
        final Errors errors = new Errors(errorListener);
        for (int i = 0; i < handlers.length; i++)
        {
            try
            {
                handlers[i].onStart();
            }
            catch (final Throwable throwable)
            {
                errors.report(names[i], -1, throwable);
            }
        }
        final ReplayDriver driver = new ReplayDriver(handlers, names, errors);
        try (JournalReader reader = Journal.openReader(journalDirectory))
        {
            reader.replay(fromSequence, toSequence, driver);
            driver.finish();
        }
        finally
        {
            for (int i = 0; i < handlers.length; i++)
            {
                try
                {
                    handlers[i].onShutdown();
                }
                catch (final Throwable throwable)
                {
                    errors.report(names[i], -1, throwable);
                }
            }
        }
        return driver.delivered();
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
     * Publishing afterwards throws {@link IllegalStateException} "engine closed". A publish that races with
     * close is either drained or refused. Idempotent. Not to be called from a handler: it would wait for the
     * handler's own thread.
     *
     * @param timeout longest wait for the drain and the joins.
     * @param unit    of the timeout.
     * @throws EngineCloseException when the timeout passed first, with what was left.
     */
    public void close(final long timeout, final TimeUnit unit)
    {
        for (final Runner runner : runners)
        {
            if (runner.thread == Thread.currentThread())
            {
                throw new IllegalStateException(
                    "close() called on stage thread " + runner.thread.getName() + ", which it would wait for");
            }
        }
        synchronized (lock)
        {
            if (state != RUNNING)
            {
                return;
            }
            state = CLOSING;
            lifecycle.closing = true;
        }

        final long deadlineNs = System.nanoTime() + unit.toNanos(timeout);
        boolean drained = false;
        while (true)
        {
            final long quietAt = awaitQuiet(deadlineNs);
            state = CLOSED;
            if (quietAt == Long.MIN_VALUE)
            {
                break;
            }
            // A publisher that passed its check before CLOSING may have claimed since: drain that one too.
            if (ring.cursor() == quietAt)
            {
                drained = true;
                break;
            }
        }

        final EngineMetrics leftOver = drained ? null : metrics();
        final Runner[] runners = this.runners;
        for (final Runner runner : runners)
        {
            runner.stop = true;
        }
        doorbell.wakeAll();

        final StringBuilder stuck = new StringBuilder();
        for (final Runner runner : runners)
        {
            try
            {
                final long waitMs = Math.max(drained ? 0 : 1000, TimeUnit.NANOSECONDS.toMillis(
                    deadlineNs - System.nanoTime()));
                runner.thread.join(Math.max(1, waitMs));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            if (runner.thread.isAlive())
            {
                stuck.append(' ').append(runner.thread.getName());
            }
        }

        if (!drained || stuck.length() > 0)
        {
            final EngineMetrics snapshot = leftOver != null ? leftOver : metrics();
            throw new EngineCloseException(describe(unit.toMillis(timeout), snapshot, stuck), snapshot);
        }
    }

    private static String describe(final long timeoutMs, final EngineMetrics snapshot, final CharSequence stuck)
    {
        final StringBuilder message = new StringBuilder("close timed out after ").append(timeoutMs)
            .append(" ms; left: cursor=").append(snapshot.cursor());
        for (final StageMetrics stage : snapshot.stages())
        {
            message.append(", ").append(stage.name()).append(" lag=").append(stage.lag())
                .append(" overflow=").append(stage.overflow());
            if (stage.catchingUp())
            {
                message.append(" catchingUp");
            }
        }
        if (stuck.length() > 0)
        {
            message.append("; threads not stopped:").append(stuck);
        }
        return message.toString();
    }

    /** @return the ring cursor at which every stage was found quiet, or Long.MIN_VALUE on timeout. */
    private long awaitQuiet(final long deadlineNs)
    {
        int idles = 0;
        while (true)
        {
            final long cursor = ring.cursor();
            boolean quiet = tail.sequence.get() == cursor;
            for (final Agent agent : agents)
            {
                quiet &= agent.sequence().get() == cursor && agent.isQuiet();
            }
            if (quiet && ring.cursor() == cursor)
            {
                return cursor;
            }
            if (System.nanoTime() - deadlineNs >= 0)
            {
                return Long.MIN_VALUE;
            }
            backOff(idles++);
        }
    }

    private <T> void checkPublish(final int messageType, final PayloadEncoder<T> encoder, final T source)
    {
        if (state != RUNNING)
        {
            throw new IllegalStateException("engine closed");
        }
        if (messageType < 0)
        {
            throw new IllegalArgumentException(
                "invalid messageType=" + messageType + ", must be >= 0 (negative types are Herald's own)");
        }
        encoder.validate(source);
    }

    private <T> void write(
        final long ringSequence,
        final int messageType,
        final short schemaVersion,
        final long correlationId,
        final PayloadEncoder<T> encoder,
        final T source)
    {
        ring.write(ringSequence, messageType, schemaVersion, correlationId, RecordDescriptor.NO_CAUSATION,
            encoder, source);
        if (state == CLOSED)
        {
            throw new IllegalStateException("engine closed while publishing; the message may not be journaled");
        }
    }

    private static void backOff(final int idles)
    {
        if (idles < 64)
        {
            Thread.onSpinWait();
        }
        else if (idles < 80)
        {
            Thread.yield();
        }
        else
        {
            LockSupport.parkNanos(Math.min(100_000L, 1_000L << Math.min(idles - 80, 7)));
        }
    }

    private static Gate gateFor(final Stage stage, final Gate rootGate, final Map<String, StageAgent> byName)
    {
        final String[] after = stage.after();
        if (after.length == 0)
        {
            return rootGate;
        }
        final Sequence[] sequences = new Sequence[after.length];
        for (int i = 0; i < after.length; i++)
        {
            final StageAgent dependency = byName.get(after[i]);
            if (dependency == null)
            {
                throw new IllegalArgumentException("invalid after=" + after[i] + " for stage=" + stage.name() +
                    ", must name a stage declared before it");
            }
            sequences[i] = dependency.sequence();
        }
        return new Gate.Minimum(sequences);
    }

    private Runner newRunner(final String threadName, final Agent[] agents, final CountDownLatch started)
    {
        return new Runner(THREAD_PREFIX + threadName, agents,
            RunnerIdle.forName(context.waitStrategy(), doorbell), started, errors);
    }

    private void start(final List<Runner> toStart, final CountDownLatch started)
    {
        for (final Runner runner : toStart)
        {
            doorbell.register(runner);
            final Runner[] current = runners;
            final Runner[] updated = Arrays.copyOf(current, current.length + 1);
            updated[current.length] = runner;
            runners = updated;
            runner.thread.start();
        }
        try
        {
            started.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stages were starting", ex);
        }
    }

    /** What stages need to know of the engine's shutdown. */
    static final class Lifecycle
    {
        volatile boolean closing;
    }

    /**
     * Settings of an engine, with fluent setters and a one-shot {@link #conclude()} that validates them and
     * fills in defaults. Not thread-safe; build it on one thread and hand it to {@link Engine#launch(Context)}.
     */
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
        /** System property that sets the default wait strategy. */
        public static final String WAIT_STRATEGY_PROP_NAME = "herald.engine.wait.strategy";
        /** Default wait strategy: parks when idle, so it never burns a core. */
        public static final String WAIT_STRATEGY_DEFAULT = RunnerIdle.BLOCKING;
        /** System property that sets the default idle tick in nanoseconds. */
        public static final String IDLE_TICK_PROP_NAME = "herald.engine.idle.tick.ns";
        /** Default idle tick: 10 ms. */
        public static final long IDLE_TICK_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(10);
        /** Smallest idle tick: 1 microsecond. */
        public static final long IDLE_TICK_MIN_NS = 1_000L;
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
        private String waitStrategy = System.getProperty(WAIT_STRATEGY_PROP_NAME, WAIT_STRATEGY_DEFAULT);
        private long idleTickNs = Long.getLong(IDLE_TICK_PROP_NAME, IDLE_TICK_DEFAULT_NS);
        private long closeTimeoutNs = CLOSE_TIMEOUT_DEFAULT_NS;
        private ProducerType producerType = ProducerType.MULTI;
        private Gating gating = Gating.DURABLE;
        private ThreadLayout threadLayout = ThreadLayout.OWN;
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
            if (waitStrategy == null || !RunnerIdle.isKnown(waitStrategy))
            {
                throw new IllegalArgumentException("invalid waitStrategy=" + waitStrategy +
                    ", must be blocking, sleeping, yielding or busy-spin");
            }
            if (idleTickNs < IDLE_TICK_MIN_NS)
            {
                throw new IllegalArgumentException(
                    "invalid idleTickNs=" + idleTickNs + ", must be >= " + IDLE_TICK_MIN_NS);
            }
            if (closeTimeoutNs <= 0)
            {
                throw new IllegalArgumentException("invalid closeTimeoutNs=" + closeTimeoutNs + ", must be > 0");
            }
            requireSet("producerType", producerType);
            requireSet("gating", gating);
            requireSet("threadLayout", threadLayout);
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
         * How stage threads wait for work: {@code blocking} (the default: spin briefly, then park until woken
         * by new work; no CPU while idle), {@code sleeping} (park for short periods, ~no CPU, up to ~100 us
         * more latency), {@code yielding} or {@code busy-spin} (each stage thread burns a core: only with more
         * cores than threads).
         *
         * @param waitStrategy one of the names above.
         * @return this for a fluent API.
         */
        public Context waitStrategy(final String waitStrategy)
        {
            this.waitStrategy = waitStrategy;
            return this;
        }

        /** @return the wait strategy name. */
        public String waitStrategy()
        {
            return waitStrategy;
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
         * @param threadLayout where stages that name no thread run: each on its own ({@link ThreadLayout#OWN}, the
         *                     default) or all on one ({@link ThreadLayout#SHARED}).
         * @return this for a fluent API.
         */
        public Context threadLayout(final ThreadLayout threadLayout)
        {
            this.threadLayout = threadLayout;
            return this;
        }

        /** @return the thread layout. */
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
