package dev.herald.cli;

import dev.herald.engine.Emitter;
import dev.herald.engine.PayloadEncoder;
import dev.herald.journal.RecordDescriptor;
import dev.herald.journal.RecordView;
import dev.herald.store.StoreMessageTypes;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyStageTest
{
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[RecordDescriptor.HEADER_LENGTH]);
    private final RecordView view = new RecordView().wrap(frame, 0);

    @Test
    void shouldChargeEachOrderFromItsScheduledSendTime()
    {
        final long intervalNs = TimeUnit.MILLISECONDS.toNanos(1);
        final LatencyStage stage = new LatencyStage(new SystemEpochNanoClock(), intervalNs);
        final long startNs = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(20);
        stage.scheduleStart(startNs);

        stage.onMessage(frame(StoreMessageTypes.ORDER_PLACED), emitter(false));
        stage.onMessage(frame(StoreMessageTypes.PAYMENT_CAPTURED), emitter(false));
        stage.onMessage(frame(StoreMessageTypes.ORDER_PLACED), emitter(false));
        final long upperBoundNs = System.nanoTime() - startNs;

        assertEquals(2, stage.histogram().getTotalCount());
        // the first order was due 20 ms ago, the second 19 ms ago
        assertTrue(stage.histogram().getMinValue() >= TimeUnit.MILLISECONDS.toNanos(18), stage.histogram()::toString);
        assertTrue(stage.histogram().getMaxValue() <= upperBoundNs * 1.01, stage.histogram()::toString);
    }

    @Test
    void shouldMeasureFromPublishTimestampWithoutSchedule()
    {
        final SystemEpochNanoClock clock = new SystemEpochNanoClock();
        final LatencyStage stage = new LatencyStage(clock, 0);
        final long published = clock.nanoTime() - TimeUnit.MILLISECONDS.toNanos(5);
        frame.putLong(RecordDescriptor.TIMESTAMP_OFFSET, published, ByteOrder.LITTLE_ENDIAN);

        stage.onMessage(frame(StoreMessageTypes.ORDER_PLACED), emitter(false));
        stage.onMessage(frame(StoreMessageTypes.ORDER_PLACED), emitter(true));

        assertEquals(1, stage.histogram().getTotalCount());
        assertTrue(stage.histogram().getMinValue() >= TimeUnit.MILLISECONDS.toNanos(4), stage.histogram()::toString);
    }

    private RecordView frame(final int type)
    {
        frame.putInt(RecordDescriptor.MESSAGE_TYPE_OFFSET, type, ByteOrder.LITTLE_ENDIAN);
        return view;
    }

    private static Emitter emitter(final boolean replay)
    {
        return new Emitter()
        {
            @Override
            public boolean isReplay()
            {
                return replay;
            }

            @Override
            public <T> void emit(
                final int messageType, final short schemaVersion, final PayloadEncoder<T> encoder, final T source)
            {
                throw new AssertionError("the latency stage announces nothing");
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
                throw new AssertionError("the latency stage announces nothing");
            }
        };
    }
}
