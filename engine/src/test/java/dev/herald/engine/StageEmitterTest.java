package dev.herald.engine;

import com.lmax.disruptor.dsl.ProducerType;
import dev.herald.journal.RecordDescriptor;
import dev.herald.journal.RecordView;
import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.herald.engine.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class StageEmitterTest
{
    private final Ring ring = new Ring(ProducerType.MULTI, 2, 256, 0, () -> 0L, new Doorbell(false));
    private final Tail tail = new Tail(ring);
    private final StageEmitter emitter = new StageEmitter(ring, "payment", new EngineState());
    private final RecordView view = new RecordView();

    StageEmitterTest()
    {
        tail.add(new com.lmax.disruptor.Sequence());
    }

    @Test
    void shouldInheritCorrelationAndCausationFromTheBoundMessage()
    {
        emitter.bind(42, 17);
        emitter.emit(TYPE_DERIVED, VERSION, LONG, new MutableLong(3));

        final RecordView record = view.wrap(ring.slot(0).buffer, 0);
        assertEquals(TYPE_DERIVED, record.messageType());
        assertEquals(42, record.correlationId());
        assertEquals(17, record.causationId());
        assertEquals(3, payload(record));
    }

    @Test
    void shouldOverflowWhenTheRingIsFullAndDrainInEmitOrderOnceThereIsRoom()
    {
        emitter.bind(1, 0);
        for (int i = 0; i < 5; i++)
        {
            emitter.emit(TYPE_DERIVED, VERSION, LONG, new MutableLong(i));
        }
        assertEquals(3, emitter.overflowCount(), "two fit the ring, three wait");
        assertEquals(0, emitter.drain(), "no room yet");

        final List<Long> seen = new ArrayList<>();
        long consumed = -1;
        while (seen.size() < 5)
        {
            final long published = ring.highestPublished(consumed + 1);
            for (long s = consumed + 1; s <= published; s++)
            {
                seen.add(payload(view.wrap(ring.slot(s).buffer, 0)));
                assertEquals(s, view.sequence());
            }
            consumed = published;
            tail.sequence.set(consumed);
            emitter.drain();
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), seen);
        assertEquals(0, emitter.overflowCount());
    }

    @Test
    void shouldEmitNewFactsBehindTheOverflowNeverAheadOfIt()
    {
        emitter.bind(1, 0);
        for (int i = 0; i < 3; i++)
        {
            emitter.emit(TYPE_DERIVED, VERSION, LONG, new MutableLong(i));
        }
        tail.sequence.set(1);  // room for two again, but one fact is still waiting in the overflow
        emitter.emit(TYPE_DERIVED, VERSION, LONG, new MutableLong(3));
        assertEquals(2, emitter.overflowCount());

        emitter.drain();
        assertEquals(2, payload(view.wrap(ring.slot(2).buffer, 0)));
        assertEquals(3, payload(view.wrap(ring.slot(3).buffer, 0)));
    }

    @Test
    void shouldRecordAFailureAsHeraldsOwnFact()
    {
        emitter.emitFailure(42, 9, new IllegalStateException("gateway down"));

        final RecordView record = view.wrap(ring.slot(0).buffer, 0);
        assertEquals(RecordDescriptor.TYPE_HANDLER_FAILED, record.messageType());
        assertEquals(42, record.correlationId());
        assertEquals(9, record.causationId());
        assertEquals("payment", HandlerFailure.stageName(record));
        assertEquals("gateway down", HandlerFailure.message(record));
    }

    @Test
    void shouldRefuseNegativeTypesAndEmitsWithoutMultiProducerSequencing()
    {
        final IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
            () -> emitter.emit(-2, VERSION, LONG, new MutableLong(1)));
        assertTrue(negative.getMessage().startsWith("invalid messageType=-2"), negative.getMessage());

        final Ring single = new Ring(ProducerType.SINGLE, 2, 256, 0, () -> 0L, new Doorbell(false));
        final StageEmitter singleEmitter = new StageEmitter(single, "s", new EngineState());
        assertThrows(IllegalStateException.class, () -> singleEmitter.emit(TYPE_DERIVED, VERSION, LONG,
            new MutableLong(1)));
        singleEmitter.emitFailure(1, 1, new IllegalStateException("reported, not journaled"));
        assertEquals(-1, single.cursor());
    }
}
