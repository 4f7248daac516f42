package dev.herald.engine;

import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.dsl.ProducerType;
import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Test;

import static dev.herald.engine.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class TailTest
{
    private final Ring ring = new Ring(ProducerType.MULTI, 8, 128, 0, () -> 0L, new Doorbell(false));
    private final Tail tail = new Tail(ring);

    @Test
    void shouldFollowTheSlowestParticipantAndRecordTheLatencyOfWhatItPasses()
    {
        final Sequence journal = new Sequence();
        final Sequence stage = new Sequence();
        assertEquals(-1, tail.add(journal));
        assertEquals(-1, tail.add(stage));
        for (int i = 0; i < 5; i++)
        {
            ring.write(ring.tryClaim(), TYPE_FACT, VERSION, i, -1, LONG, new MutableLong(i));
        }

        journal.set(4);
        tail.advance();
        assertEquals(-1, tail.sequence.get(), "the stage has finished nothing yet");

        stage.set(2);
        tail.advance();
        assertEquals(2, tail.sequence.get());
        assertEquals(3, tail.latency.getIntervalHistogram().getTotalCount());

        stage.set(4);
        tail.advance();
        assertEquals(4, tail.sequence.get());
        assertEquals(2, tail.latency.getIntervalHistogram().getTotalCount());
    }

    @Test
    void shouldJoinALateParticipantAtTheTailSoNothingAfterItCanBeOverwritten()
    {
        final Sequence journal = new Sequence();
        tail.add(journal);
        for (int i = 0; i < 8; i++)
        {
            ring.write(ring.tryClaim(), TYPE_FACT, VERSION, i, -1, LONG, new MutableLong(i));
        }
        journal.set(5);
        tail.advance();

        final Sequence late = new Sequence(Long.MIN_VALUE);
        assertEquals(5, tail.add(late));
        assertEquals(5, late.get());

        journal.set(7);
        tail.advance();
        assertEquals(5, tail.sequence.get(), "held at the late participant's start");
        assertEquals(6, ring.ringBuffer.remainingCapacity(), "only the slots up to the tail's 5 are free again");
    }

    @Test
    void shouldGateTheRingOnTheTail()
    {
        final Sequence journal = new Sequence();
        tail.add(journal);
        for (int i = 0; i < 8; i++)
        {
            assertTrue(ring.tryClaim() >= 0);
        }
        assertEquals(-1, ring.tryClaim());
        journal.set(0);
        tail.advance();
        assertTrue(ring.tryClaim() >= 0);
    }
}
