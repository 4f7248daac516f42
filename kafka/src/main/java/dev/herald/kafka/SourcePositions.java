package dev.herald.kafka;

import dev.herald.engine.Emitter;
import dev.herald.engine.MessageHandler;
import dev.herald.engine.Stage;
import dev.herald.journal.RecordView;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The last source offset per partition that the journal holds, kept by a stage of the engine
 * ({@link #stage()}): a Kafka source seeks from here after a restart, and commits these offsets to Kafka for lag
 * monitoring. The stage is gated on durability like every stage by default, so what it holds is durable; over a
 * journal that holds records, the engine rebuilds it from the journal before {@code Engine.launch} returns.
 *
 * <p>Threading: the stage's thread updates it; any thread reads it. Allocates nothing per fact.
 */
public final class SourcePositions implements MessageHandler
{
    /** Name of the stage. */
    public static final String STAGE = "source-positions";
    /** Default number of partitions tracked (0 to this minus one). */
    public static final int MAX_PARTITIONS_DEFAULT = 1024;

    private static final long NONE = -1L;

    private final AtomicLongArray offsets;

    /** Track partitions 0 to {@value #MAX_PARTITIONS_DEFAULT} - 1. */
    public SourcePositions()
    {
        this(MAX_PARTITIONS_DEFAULT);
    }

    /**
     * @param maxPartitions partitions tracked, 0 to this minus one; a fact from a higher one is refused by the source.
     */
    public SourcePositions(final int maxPartitions)
    {
        if (maxPartitions < 1)
        {
            throw new IllegalArgumentException("invalid maxPartitions=" + maxPartitions + ", must be >= 1");
        }
        offsets = new AtomicLongArray(maxPartitions);
        for (int i = 0; i < maxPartitions; i++)
        {
            offsets.set(i, NONE);
        }
    }

    /** @return the stage to add to the engine's context. */
    public Stage stage()
    {
        return Stage.named(STAGE).handler(this);
    }

    @Override
    public void onMessage(final RecordView message, final Emitter emitter)
    {
        if (message.hasSourcePosition())
        {
            final int partition = message.sourcePartition();
            if (partition >= 0 && partition < offsets.length() && message.sourceOffset() > offsets.get(partition))
            {
                offsets.setRelease(partition, message.sourceOffset());
            }
        }
    }

    /**
     * @param partition a source partition.
     * @return the last offset of it in the journal, -1 when none.
     */
    public long lastOffset(final int partition)
    {
        return partition >= 0 && partition < offsets.length() ? offsets.getAcquire(partition) : NONE;
    }

    /** @return the number of partitions tracked. */
    public int maxPartitions()
    {
        return offsets.length();
    }
}
