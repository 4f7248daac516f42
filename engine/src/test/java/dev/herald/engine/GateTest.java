package dev.herald.engine;

import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.dsl.ProducerType;
import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Test;

import static dev.herald.engine.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class GateTest
{
    @Test
    void shouldAllowThePublishedPrefixOfTheRing()
    {
        final Ring ring = new Ring(ProducerType.MULTI, 8, 128, 0, () -> 0L, new Doorbell(false));
        final Gate gate = new Gate.Published(ring);
        assertEquals(-1, gate.available(0));

        final long first = ring.tryClaim();
        final long second = ring.tryClaim();
        ring.write(second, TYPE_FACT, VERSION, 1, -1, LONG, new MutableLong(1));
        assertEquals(-1, gate.available(0));
        ring.write(first, TYPE_FACT, VERSION, 1, -1, LONG, new MutableLong(1));
        assertEquals(1, gate.available(0));
        assertEquals(1, gate.available(2), "below the next wanted sequence: nothing new");
    }

    @Test
    void shouldAllowTheMinimumOfTheSequencesItRunsAfter()
    {
        final Sequence payment = new Sequence(10);
        final Sequence inventory = new Sequence(7);
        final Gate gate = new Gate.Minimum(payment, inventory);

        assertEquals(7, gate.available(0));
        inventory.set(12);
        assertEquals(10, gate.available(0));
    }
}
