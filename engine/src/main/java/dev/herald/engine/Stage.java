package dev.herald.engine;

import java.util.Arrays;
import java.util.Objects;

/**
 * Declares one consumer stage: a name, its {@link MessageHandler}, the stages it runs after and the thread it
 * runs on. The engine copies the declaration when it is handed over, so a {@code Stage} may be reused.
 *
 * <pre>{@code
 * Stage.named("email").handler(emailHandler).after("payment").thread("shared-1")
 * }</pre>
 *
 * <p>Threading: a plain builder; build it on one thread and hand it to {@link Engine.Context#stage(Stage)} or
 * {@link Engine#addStage(Stage, long)}.
 */
public final class Stage
{
    private final String name;
    private MessageHandler handler;
    private String[] after = new String[0];
    private String threadName;
    private int retries;

    private Stage(final String name)
    {
        this.name = name;
    }

    /**
     * Start declaring a stage.
     *
     * @param name unique within the engine; {@code journal} is reserved.
     * @return the new declaration.
     */
    public static Stage named(final String name)
    {
        return new Stage(name);
    }

    /**
     * @param handler the stage's code; called on the stage's thread only.
     * @return this for a fluent API.
     */
    public Stage handler(final MessageHandler handler)
    {
        this.handler = handler;
        return this;
    }

    /**
     * Run after other stages: this stage sees a fact only once each named stage has finished with it.
     *
     * @param stageNames stages declared before this one.
     * @return this for a fluent API.
     */
    public Stage after(final String... stageNames)
    {
        this.after = stageNames.clone();
        return this;
    }

    /**
     * Run on a named thread; stages naming the same thread share it and are polled in declaration order.
     * A stage added to a running engine with {@link Engine#addStage(Stage, long)} always gets a new thread of
     * its own, which takes this name.
     *
     * @param threadName name of the thread.
     * @return this for a fluent API.
     */
    public Stage thread(final String threadName)
    {
        this.threadName = threadName;
        return this;
    }

    /**
     * Bounded retry: a message whose handling throws is handed to the handler again, at once, up to this many
     * more times before the failure is counted, reported and journaled. Facts emitted by a failed attempt stand.
     *
     * @param retries extra attempts, 0 (the default) for none.
     * @return this for a fluent API.
     */
    public Stage retries(final int retries)
    {
        this.retries = retries;
        return this;
    }

    /** @return the stage name. */
    public String name()
    {
        return name;
    }

    /** @return the handler, or null when not set. */
    public MessageHandler handler()
    {
        return handler;
    }

    /** @return a copy of the names of the stages this one runs after. */
    public String[] after()
    {
        return after.clone();
    }

    /** @return the thread name, or null for the {@link ThreadLayout} default. */
    public String threadName()
    {
        return threadName;
    }

    /** @return the number of extra attempts after a failure. */
    public int retries()
    {
        return retries;
    }

    Stage copy()
    {
        final Stage copy = new Stage(name);
        copy.handler = handler;
        copy.after = after.clone();
        copy.threadName = threadName;
        copy.retries = retries;
        return copy;
    }

    void validate()
    {
        if (name == null || name.isBlank())
        {
            throw new IllegalArgumentException("invalid stage name=" + name + ", must not be blank");
        }
        if (name.equals(JournalAgent.NAME))
        {
            throw new IllegalArgumentException("invalid stage name=" + name + ", reserved for the journal stage");
        }
        if (handler == null)
        {
            throw new IllegalArgumentException("invalid handler=null for stage=" + name + ", must be set");
        }
        if (retries < 0)
        {
            throw new IllegalArgumentException("invalid retries=" + retries + " for stage=" + name + ", must be >= 0");
        }
        if (threadName != null && threadName.isBlank())
        {
            throw new IllegalArgumentException("invalid thread=" + threadName + " for stage=" + name +
                ", must not be blank");
        }
        for (final String dependency : after)
        {
            Objects.requireNonNull(dependency, "after");
        }
    }

    @Override
    public String toString()
    {
        return "Stage{name=" + name + ", after=" + Arrays.toString(after) + ", thread=" + threadName +
            ", retries=" + retries + '}';
    }
}
