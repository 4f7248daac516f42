package dev.herald.engine;

import com.lmax.disruptor.Sequence;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The participants of one engine and how they are gated: the journal stage on the published part of the ring;
 * consumer stages on what the journal made durable ({@link Gating#DURABLE}) or on the published part too
 * ({@link Gating#BESIDE_JOURNAL}), or on the stages they run {@code after}. Used the same way for the stages
 * declared at launch and for those added later, which first catch up from the journal.
 *
 * <p>Threading: built under the engine's lock; {@link #participants()} from any thread.
 */
final class Topology
{
    private final Ring ring;
    private final Tail tail;
    private final JournalAgent journal;
    private final Doorbell doorbell;
    private final Errors errors;
    private final EngineState state;
    private final Path journalDirectory;
    private final Gating gating;
    private final long idleTickNs;
    private final int batchLimit;
    private final Gate rootGate;
    private final Map<String, StageAgent> byName = new HashMap<>();
    private volatile Participant[] participants;

    Topology(
        final Engine.Context context,
        final Ring ring,
        final Tail tail,
        final JournalAgent journal,
        final Doorbell doorbell,
        final Errors errors,
        final EngineState state,
        final Path journalDirectory)
    {
        this.ring = ring;
        this.tail = tail;
        this.journal = journal;
        this.doorbell = doorbell;
        this.errors = errors;
        this.state = state;
        this.journalDirectory = journalDirectory;
        this.gating = context.gating();
        this.idleTickNs = context.idleTickNs();
        this.batchLimit = context.batchLimit();
        this.rootGate = gating == Gating.DURABLE ? new Gate.Minimum(journal.durable) : new Gate.Published(ring);
        this.participants = new Participant[]{ journal };
        tail.add(journal.sequence());
    }

    /** @return the journal stage first, then consumer stages in the order they were added. */
    Participant[] participants()
    {
        return participants;
    }

    JournalAgent journal()
    {
        return journal;
    }

    /** Add a stage declared at launch: it is a participant of the tail from the start. */
    StageAgent add(final Stage stage)
    {
        final StageAgent agent = newStage(stage);
        tail.add(agent.sequence());
        register(agent);
        return agent;
    }

    /**
     * Make a stage for a running engine: it catches up from the journal from {@code fromSequence} and joins the tail
     * only then ({@link CatchUp}). It becomes a participant with {@link #register}, once it has a place to run.
     */
    StageAgent newLate(final Stage stage, final long fromSequence)
    {
        final StageAgent agent = newStage(stage);
        // Under durable gating a late stage replays what is durable, otherwise what is appended.
        final Sequence head = gating == Gating.DURABLE ? journal.durable : journal.sequence();
        agent.catchUp(new CatchUp(journalDirectory, fromSequence, agent.invoker(), ring, tail, agent.sequence(), head,
            state, batchLimit));
        return agent;
    }

    private StageAgent newStage(final Stage stage)
    {
        if (byName.containsKey(stage.name()))
        {
            throw new IllegalArgumentException("invalid stage=" + stage.name() + ", duplicate name");
        }
        return new StageAgent(stage, ring, gateFor(stage), tail, doorbell, errors, state, idleTickNs, batchLimit);
    }

    void register(final StageAgent agent)
    {
        byName.put(agent.roleName(), agent);
        final Participant[] current = participants;
        final Participant[] updated = Arrays.copyOf(current, current.length + 1);
        updated[current.length] = agent;
        participants = updated;
    }

    private Gate gateFor(final Stage stage)
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
}
