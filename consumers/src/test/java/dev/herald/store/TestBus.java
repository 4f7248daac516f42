package dev.herald.store;

import dev.herald.engine.Emitter;
import dev.herald.engine.MessageHandler;
import dev.herald.engine.PayloadEncoder;
import dev.herald.journal.RecordDescriptor;
import dev.herald.journal.RecordView;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;


/**
 * A deterministic, single-threaded stand-in for the engine, for tests: one append-only log of frames in
 * {@link RecordDescriptor} layout; each stage has its own cursor and sees every frame in log order; facts a stage
 * emits are appended with the correlation of, and causation set to, the frame being handled. Stages advance in an
 * order the test chooses (round-robin or seeded random), which reproduces the interleavings of a real ring.
 */
final class TestBus
{
    private final ExpandableArrayBuffer log = new ExpandableArrayBuffer(1 << 16);
    private final List<Integer> offsets = new ArrayList<>();
    private final List<MessageHandler> stages = new ArrayList<>();
    private final List<long[]> cursors = new ArrayList<>();
    private final RecordView view = new RecordView();
    private final BusEmitter emitter = new BusEmitter();
    private int deliveries = 1;
    private int logLength;
    private long clockNs = 1_700_000_000_000_000_000L;
    private long tickNs = 1_000;

    TestBus stage(final MessageHandler handler)
    {
        stages.add(handler);
        cursors.add(new long[]{ 0 });
        return this;
    }

    TestBus stages(final MessageHandler... handlers)
    {
        for (final MessageHandler handler : handlers)
        {
            stage(handler);
        }
        return this;
    }

    /** Deliver every frame this many times to every stage (at-least-once upstream). */
    TestBus deliveries(final int deliveries)
    {
        this.deliveries = deliveries;
        return this;
    }

    TestBus tickNs(final long tickNs)
    {
        this.tickNs = tickNs;
        return this;
    }

    int size()
    {
        return offsets.size();
    }

    RecordView frame(final long sequence)
    {
        return view.wrap(log, offsets.get((int)sequence));
    }

    <T> long publish(final int type, final long correlationId, final PayloadEncoder<T> encoder, final T source)
    {
        encoder.validate(source);
        return append(type, correlationId, RecordDescriptor.NO_CAUSATION, encoder, source);
    }

    <T> long append(
        final int type,
        final long correlationId,
        final long causationId,
        final PayloadEncoder<T> encoder,
        final T source)
    {
        final int offset = logLength;
        log.checkLimit(offset + 4096);
        final int payloadLength = encoder.encode(source, log, offset + RecordDescriptor.HEADER_LENGTH, 2048);
        final long sequence = offsets.size();
        clockNs += tickNs;
        writeHeader(log, offset, RecordDescriptor.HEADER_LENGTH + payloadLength, sequence, clockNs, type,
            correlationId, causationId);
        offsets.add(offset);
        logLength = offset + RecordDescriptor.alignedLength(RecordDescriptor.HEADER_LENGTH + payloadLength);
        return sequence;
    }

    static void writeHeader(
        final MutableDirectBuffer buffer,
        final int offset,
        final int frameLength,
        final long sequence,
        final long timestamp,
        final int type,
        final long correlationId,
        final long causationId)
    {
        RecordDescriptor.putHeader(buffer, offset, frameLength, sequence, timestamp, type, StoreSchema.SCHEMA_VERSION,
            (short)0, correlationId, causationId);
    }

    /** Hand one frame to stage i; false when it has seen the whole log. */
    boolean step(final int i) throws Exception
    {
        final long[] cursor = cursors.get(i);
        if (cursor[0] >= offsets.size())
        {
            return false;
        }
        final long sequence = cursor[0]++;
        final MessageHandler stage = stages.get(i);
        for (int d = 0; d < deliveries; d++)
        {
            final int offset = offsets.get((int)sequence);
            emitter.live(offset);
            stage.onMessage(new RecordView().wrap(log, offset), emitter);
        }
        return true;
    }

    void idle(final int i) throws Exception
    {
        emitter.live(-1);
        stages.get(i).onIdle(emitter);
    }

    /** The live moment after a rebuild: every stage's {@code onResume}, with a live emitter. */
    void resumeAll() throws Exception
    {
        emitter.live(-1);
        for (final MessageHandler stage : stages)
        {
            stage.onResume(emitter);
        }
    }

    void idleAll() throws Exception
    {
        for (int i = 0; i < stages.size(); i++)
        {
            idle(i);
        }
    }

    /** Advance all stages one frame at a time, in turn, until every stage has seen the whole log. */
    void drainRoundRobin() throws Exception
    {
        boolean progress = true;
        while (progress)
        {
            progress = false;
            for (int i = 0; i < stages.size(); i++)
            {
                progress |= step(i);
            }
        }
    }

    /**
     * Advance randomly chosen stages, each chosen in proportion to its weight (a slow stage has a small one), until
     * every stage has seen the whole log.
     */
    void drainRandom(final SplittableRandom random, final int[] weights) throws Exception
    {
        while (true)
        {
            boolean behind = false;
            for (final long[] cursor : cursors)
            {
                behind |= cursor[0] < offsets.size();
            }
            if (!behind)
            {
                return;
            }
            step(pick(random, weights));
        }
    }

    static int pick(final SplittableRandom random, final int[] weights)
    {
        int total = 0;
        for (final int weight : weights)
        {
            total += weight;
        }
        int r = random.nextInt(total);
        for (int i = 0; i < weights.length; i++)
        {
            r -= weights[i];
            if (r < 0)
            {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** Advance a randomly chosen stage a random number of frames until every stage has seen the whole log. */
    void drainRandom(final SplittableRandom random) throws Exception
    {
        while (true)
        {
            boolean behind = false;
            for (final long[] cursor : cursors)
            {
                behind |= cursor[0] < offsets.size();
            }
            if (!behind)
            {
                return;
            }
            final int i = random.nextInt(stages.size());
            final int n = 1 + random.nextInt(8);
            for (int k = 0; k < n && step(i); k++)
            {
            }
        }
    }

    /** Hand the whole log, in order, to handlers in replay mode. */
    void replayInto(final MessageHandler... handlers) throws Exception
    {
        final Emitter replay = new ReplayEmitter();
        for (final MessageHandler handler : handlers)
        {
            for (final int offset : offsets)
            {
                handler.onMessage(new RecordView().wrap(log, offset), replay);
            }
        }
    }

    static final class ReplayEmitter implements Emitter
    {
        @Override
        public boolean isReplay()
        {
            return true;
        }

        @Override
        public <T> void emit(
            final int messageType, final short schemaVersion, final PayloadEncoder<T> encoder, final T source)
        {
            throw new AssertionError("emit during replay");
        }

        @Override
        public <T> void emit(
            final int messageType,
            final short schemaVersion,
            final long correlationId,
            final long causationId,
            final PayloadEncoder<T> encoder,
            final T source)
        {
            throw new AssertionError("emit during replay");
        }
    }

    private final class BusEmitter implements Emitter
    {
        private int currentOffset = -1;

        void live(final int offset)
        {
            currentOffset = offset;
        }

        @Override
        public boolean isReplay()
        {
            return false;
        }

        @Override
        public <T> void emit(
            final int messageType, final short schemaVersion, final PayloadEncoder<T> encoder, final T source)
        {
            if (currentOffset < 0)
            {
                throw new AssertionError("inheriting emit outside onMessage");
            }
            final RecordView current = new RecordView().wrap(log, currentOffset);
            encoder.validate(source);
            append(messageType, current.correlationId(), current.sequence(), encoder, source);
        }

        @Override
        public <T> void emit(
            final int messageType,
            final short schemaVersion,
            final long correlationId,
            final long causationId,
            final PayloadEncoder<T> encoder,
            final T source)
        {
            encoder.validate(source);
            append(messageType, correlationId, causationId, encoder, source);
        }
    }
}
