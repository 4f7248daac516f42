package dev.herald.engine;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Places participants on threads as the {@link ThreadLayout} says, one {@link AgentGroup} per thread, each run by an
 * Agrona {@link AgentRunner} with an idle strategy of the engine's {@link WaitStrategy}, or, under
 * {@link ThreadLayout#INVOKER}, one group driven by an {@link AgentInvoker} the application calls.
 *
 * <p>Threading: called by the engine under its lock.
 */
final class EngineThreads
{
    static final String THREAD_PREFIX = "herald-";
    static final String SHARED_GROUP = "shared";
    static final String STAGES_GROUP = "stages";
    static final String INVOKER_GROUP = "invoker";
    /** How long a late stage waits for its thread to take up the stage added before it. */
    private static final long ADD_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private final ThreadLayout layout;
    private final WaitStrategy waitStrategy;
    private final Doorbell doorbell;
    private final Errors errors;
    /** Consumer stages declared at launch: {@link ThreadLayout#SPLIT} places them in two halves. */
    private final int declaredStages;
    private final Map<String, AgentGroup> groups = new LinkedHashMap<>();
    private int placedStages;
    private final List<Thread> threads = new ArrayList<>();
    private AgentInvoker invoker;
    private volatile Thread[] threadsView = new Thread[0];

    EngineThreads(
        final ThreadLayout layout,
        final WaitStrategy waitStrategy,
        final Doorbell doorbell,
        final Errors errors,
        final int declaredStages)
    {
        this.layout = layout;
        this.declaredStages = declaredStages;
        this.waitStrategy = waitStrategy;
        this.doorbell = doorbell;
        this.errors = errors;
    }

    /**
     * @param layout the layout.
     * @param stages declared at launch.
     * @return how many threads the engine will run: 0 under the invoker.
     */
    static int threadCount(final ThreadLayout layout, final List<Stage> stages)
    {
        if (layout == ThreadLayout.INVOKER)
        {
            return 0;
        }
        final Set<String> names = new HashSet<>();
        names.add(journalGroupName(layout));
        for (int i = 0; i < stages.size(); i++)
        {
            final Stage stage = stages.get(i);
            names.add(groupName(layout, stage.name(), stage.threadName(), i, stages.size()));
        }
        return names.size();
    }

    /** Place the journal stage, before {@link #start()}. */
    void placeJournal(final JournalAgent journal)
    {
        group(journalGroupName(layout)).add(journal);
    }

    /** Place a consumer stage declared at launch, before {@link #start()}. */
    void placeStage(final StageAgent stage, final String threadName)
    {
        group(groupName(layout, stage.roleName(), threadName, placedStages++, declaredStages)).add(stage);
    }

    /** Start every thread, or the invoker, and return once each has started its participants. */
    void start()
    {
        final List<AgentGroup> toStart = new ArrayList<>(groups.values());
        for (final AgentGroup group : toStart)
        {
            startGroup(group);
        }
        awaitStarted(toStart);
    }

    /**
     * Place a stage added to the running engine: on the thread its layout or name says, which it joins between two
     * duty cycles, or on a new thread when there is none of that name.
     *
     * @throws IllegalStateException under the invoker when a stage added before has not been taken up by an
     *                               {@code invoke()} yet.
     */
    void placeLate(final StageAgent stage, final String threadName)
    {
        final String name = groupName(stage, threadName);
        final AgentGroup existing = groups.get(name);
        if (existing == null)
        {
            final AgentGroup group = group(name);
            group.add(stage);
            startGroup(group);
            awaitStarted(List.of(group));
            return;
        }
        final long deadlineNs = System.nanoTime() + ADD_TIMEOUT_NS;
        int idles = 0;
        while (!existing.add(stage))
        {
            if (invoker != null)
            {
                throw new IllegalStateException("cannot add stage=" + stage.roleName() +
                    ": the stage added before it has not been started yet; call invoker().invoke() first");
            }
            if (System.nanoTime() - deadlineNs >= 0)
            {
                throw new IllegalStateException("cannot add stage=" + stage.roleName() + ": thread " +
                    existing.roleName() + " has not taken up the stage added before it for " +
                    TimeUnit.NANOSECONDS.toSeconds(ADD_TIMEOUT_NS) + " s; is a handler on it stuck?");
            }
            doorbell.signal();
            idle(idles++);
        }
        doorbell.signal();
    }

    /** @return the invoker under {@link ThreadLayout#INVOKER}, otherwise null. */
    AgentInvoker invoker()
    {
        return invoker;
    }

    /** @return whether a thread is one of the engine's. */
    boolean isEngineThread(final Thread thread)
    {
        for (final Thread engineThread : threadsView)
        {
            if (engineThread == thread)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Stop every group: threads end their loops and close their participants; the invoker is closed here, on the
     * calling thread.
     */
    void stop()
    {
        for (final AgentGroup group : groups.values())
        {
            group.stop();
        }
        doorbell.wakeAll();
        if (invoker != null)
        {
            invoker.close();
        }
    }

    /**
     * Wait for every thread to end.
     *
     * @param deadlineNs    {@code System.nanoTime()} to give up at.
     * @param minimumWaitMs waited for each thread even past the deadline.
     * @return the names of the threads still alive, space separated, empty when none.
     */
    String join(final long deadlineNs, final long minimumWaitMs)
    {
        final StringBuilder stuck = new StringBuilder();
        for (final Thread thread : threads)
        {
            try
            {
                final long waitMs = Math.max(minimumWaitMs,
                    TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime()));
                thread.join(Math.max(1, waitMs));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive())
            {
                stuck.append(stuck.length() == 0 ? "" : " ").append(thread.getName());
            }
        }
        return stuck.toString();
    }

    /** A stage added to the running engine: under {@link ThreadLayout#SPLIT}, with the second half. */
    private String groupName(final StageAgent stage, final String threadName)
    {
        return groupName(layout, stage.roleName(), threadName, declaredStages, declaredStages);
    }

    private static String journalGroupName(final ThreadLayout layout)
    {
        switch (layout)
        {
            case INVOKER:
                return INVOKER_GROUP;
            case SHARED:
            case SPLIT:
                return SHARED_GROUP;
            default:
                return JournalAgent.NAME;
        }
    }

    /**
     * @param index  of the stage among those declared at launch, {@code count} for one added later.
     * @param count  stages declared at launch.
     */
    private static String groupName(
        final ThreadLayout layout, final String stageName, final String threadName, final int index, final int count)
    {
        if (layout == ThreadLayout.INVOKER)
        {
            return INVOKER_GROUP;
        }
        if (threadName != null)
        {
            return threadName;
        }
        switch (layout)
        {
            case SHARED:
                return SHARED_GROUP;
            case SHARED_STAGES:
                return STAGES_GROUP;
            case SPLIT:
                // Halves of the participants, the journal counted as one and on the first thread, rounded down.
                return index < (count + 1) / 2 - 1 ? SHARED_GROUP : STAGES_GROUP;
            default:
                return stageName;
        }
    }

    private AgentGroup group(final String name)
    {
        return groups.computeIfAbsent(name, (key) -> new AgentGroup(THREAD_PREFIX + key));
    }

    private void startGroup(final AgentGroup group)
    {
        if (layout == ThreadLayout.INVOKER)
        {
            invoker = new AgentInvoker(errorHandlerOf(group), null, group);
            invoker.start();
            return;
        }
        final AgentRunner runner = new AgentRunner(
            waitStrategy.newIdleStrategy(doorbell, group),
            errorHandlerOf(group),
            null,
            group);
        final Thread thread = new Thread(runner, group.roleName());
        thread.setDaemon(true);
        threads.add(thread);
        threadsView = threads.toArray(new Thread[0]);
        thread.start();
    }

    /** Participants isolate their own failures; what reaches the runner is reported under the thread's name. */
    private ErrorHandler errorHandlerOf(final AgentGroup group)
    {
        return (throwable) -> errors.report(group.roleName(), -1, throwable);
    }

    private static void awaitStarted(final List<AgentGroup> started)
    {
        try
        {
            for (final AgentGroup group : started)
            {
                group.awaitStarted();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stages were starting", ex);
        }
    }

    private static void idle(final int idles)
    {
        if (idles < 100)
        {
            Thread.onSpinWait();
        }
        else
        {
            LockSupport.parkNanos(10_000L);
        }
    }
}
