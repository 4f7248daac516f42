package dev.herald.cli;

import dev.herald.engine.Emitter;
import dev.herald.engine.MessageTypes;
import dev.herald.engine.SnapshottingHandler;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import dev.herald.journal.RecordView;
import dev.herald.store.StoreMessageTypes;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The last stage of {@code herald run}, after every reaction: records how long each {@code OrderPlaced} took until
 * every reaction had handled it.
 *
 * <p>As fast as possible, the clock starts at the order's publish timestamp (the header's, stamped by the engine
 * with the same clock). At a fixed rate it starts at the order's <em>scheduled</em> send time,
 * {@code start + n * interval} for the n-th order (the producer is the only publisher of OrderPlaced, so the n-th
 * one in the ring is the n-th one it sent). That is the coordinated-omission correction that fits this harness:
 * when a full ring holds the producer back, the orders it could not send on time are charged the wait. The
 * producer does not wait for responses, so HdrHistogram's {@code recordValueWithExpectedInterval}, which models a
 * tester that does, would charge every stall twice.
 *
 * <p>Threading: {@link #scheduleStart(long)} is called by the producer before its first publish; the rest runs
 * on the stage's thread; read {@link #histogram()} once the engine is closed.
 */
final class LatencyStage implements SnapshottingHandler
{
    static final String NAME = "latency";
    private static final int SIGNIFICANT_DIGITS = 3;
    private static final MessageTypes HANDLED = MessageTypes.of(StoreMessageTypes.ORDER_PLACED);

    private final Histogram histogram = new Histogram(SIGNIFICANT_DIGITS);
    private final EpochNanoClock clock;
    private final long intervalNs;
    private volatile long scheduleStartNs;
    private long orders;

    /**
     * @param clock      the engine's clock, which stamps header timestamps.
     * @param intervalNs between orders at a fixed rate, or 0 when publishing as fast as possible.
     */
    LatencyStage(final EpochNanoClock clock, final long intervalNs)
    {
        this.clock = clock;
        this.intervalNs = intervalNs;
    }

    /**
     * @param startNs {@link System#nanoTime()} at which the first order is due.
     */
    void scheduleStart(final long startNs)
    {
        scheduleStartNs = startNs;
    }

    @Override
    public MessageTypes messageTypes()
    {
        return HANDLED;
    }

    @Override
    public void onMessage(final RecordView message, final Emitter emitter)
    {
        if (message.messageType() == StoreMessageTypes.ORDER_PLACED && !emitter.isReplay())
        {
            final long latencyNs = intervalNs > 0 ?
                System.nanoTime() - (scheduleStartNs + orders * intervalNs) :
                clock.nanoTime() - message.timestamp();
            orders++;
            histogram.recordValue(Math.max(0, latencyNs));
        }
    }

    /** Its state is this run's measurement only: a snapshot of it is empty, so a resume need not replay for it. */
    @Override
    public int snapshotVersion()
    {
        return 1;
    }

    @Override
    public int takeSnapshot(final MutableDirectBuffer buffer)
    {
        return 0;
    }

    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
    }

    Histogram histogram()
    {
        return histogram;
    }
}
