package dev.herald.bench;

import dev.herald.engine.Emitter;
import dev.herald.engine.Engine;
import dev.herald.engine.MessageHandler;
import dev.herald.engine.Stage;
import dev.herald.engine.ThreadLayout;
import dev.herald.engine.WaitStrategy;
import dev.herald.journal.RecordView;
import org.agrona.concurrent.AgentInvoker;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Herald's engine as a fan-out: the journal stage (page cache) first, then one stage per reaction gated on what
 * the journal has made durable (the default), on threads as the {@link ThreadLayout} says. Under
 * {@link ThreadLayout#INVOKER} the publishing thread runs the duty cycle itself: while the ring is full, whenever
 * its caller polls ({@link #poll()}: the latency harness does after every publish and while it waits), and until
 * everything is drained; a burst of publishes (the throughput benchmark) is then handled in batches. Publishing encodes straight
 * into the ring slot with a non-capturing encoder and a reused source object, so it allocates nothing.
 *
 * <p>Threading: one publishing thread; the engine's threads, stopped by {@link #close()}.
 */
public final class HeraldFanOut implements FanOut
{
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    private final Reactions reactions;
    private final Path dir;
    private final Engine engine;
    private final AgentInvoker invoker;
    private final FanOutEvents.Source source = new FanOutEvents.Source();
    private long published;

    /**
     * @param reactions    to run, one stage each.
     * @param ringSize     slots in the ring.
     * @param layout       the engine's threads.
     * @param waitStrategy of the engine's threads, or null for the engine's default (which the system property
     *                     {@code herald.engine.wait.strategy} can set).
     */
    public HeraldFanOut(
        final Reactions reactions, final int ringSize, final ThreadLayout layout, final WaitStrategy waitStrategy)
    {
        this.reactions = reactions;
        this.dir = TempDirectory.create("herald-fanout");
        final Engine.Context context = new Engine.Context()
            .ringSize(ringSize)
            .maxMessageLength(FanOutEvents.FRAME_LENGTH)
            .threadLayout(layout)
            .journal(JournalSink.context(dir));
        if (waitStrategy != null)
        {
            context.waitStrategy(waitStrategy);
        }
        for (int i = 0; i < reactions.count(); i++)
        {
            context.stage(Stage.named("reaction-" + i).handler(new ReactionHandler(reactions, i)));
        }
        this.engine = Engine.launch(context);
        this.invoker = engine.invoker();
    }

    @Override
    public void publish(final long id, final long publishNanos)
    {
        source.set(id, publishNanos);
        if (invoker == null)
        {
            if (engine.publish(FanOutEvents.MESSAGE_TYPE, FanOutEvents.SCHEMA_VERSION, id, FanOutEvents.ENCODER,
                source, TIMEOUT_NS, TimeUnit.NANOSECONDS) < 0)
            {
                throw new IllegalStateException("ring stayed full for 60s at id=" + id);
            }
        }
        else
        {
            while (engine.tryPublish(FanOutEvents.MESSAGE_TYPE, FanOutEvents.SCHEMA_VERSION, id, FanOutEvents.ENCODER,
                source) < 0)
            {
                invoker.invoke();
            }
        }
        published++;
    }

    @Override
    public void poll()
    {
        if (invoker != null)
        {
            invoker.invoke();
        }
    }

    @Override
    public void awaitDrained()
    {
        if (invoker != null)
        {
            final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
            while (!reactions.reached(published) && System.nanoTime() - deadlineNs < 0)
            {
                invoker.invoke();
            }
        }
        // Under durable gating a reaction sees a fact only once it is journaled.
        reactions.awaitAll(published, false, TIMEOUT_NS);
    }

    @Override
    public Reactions reactions()
    {
        return reactions;
    }

    /** @return the engine, for metrics. */
    public Engine engine()
    {
        return engine;
    }

    @Override
    public void close()
    {
        engine.close();
        TempDirectory.delete(dir);
    }

    static final class ReactionHandler implements MessageHandler
    {
        private final Reactions reactions;
        private final int index;

        ReactionHandler(final Reactions reactions, final int index)
        {
            this.reactions = reactions;
            this.index = index;
        }

        @Override
        public void onMessage(final RecordView message, final Emitter emitter)
        {
            reactions.react(index, message);
        }
    }
}
