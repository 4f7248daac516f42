package dev.herald.engine;

import com.lmax.disruptor.dsl.ProducerType;
import dev.herald.journal.RecordDescriptor;
import dev.herald.journal.RecordView;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.MutableLong;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static dev.herald.engine.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class RingTest
{
    private static final long BASE = 1000;
    private final Ring ring = new Ring(ProducerType.MULTI, 4, 128, BASE, () -> 777L, new Doorbell(false));
    private final RecordView view = new RecordView();

    @Test
    void shouldStampTheJournalSequenceAndEveryHeaderFieldIntoTheSlot()
    {
        final long claimed = ring.tryClaim();
        ring.write(claimed, TYPE_FACT, VERSION, 42, 7, LONG, new MutableLong(99));

        final RecordView record = view.wrap(ring.slot(claimed).buffer, 0);
        assertEquals(BASE + claimed, record.sequence());
        assertEquals(777L, record.timestamp());
        assertEquals(TYPE_FACT, record.messageType());
        assertEquals(VERSION, record.schemaVersion());
        assertEquals(42, record.correlationId());
        assertEquals(7, record.causationId());
        assertEquals(RecordDescriptor.HEADER_LENGTH + Long.BYTES, record.frameLength());
        assertEquals(99, payload(record));
        assertEquals(claimed, ring.highestPublished(0));
    }

    @Test
    void shouldPublishAnEncodeFailedRecordWhenTheEncoderThrowsAfterTheClaim()
    {
        final PayloadEncoder<String> broken = (source, buffer, offset, maxLength) ->
        {
            throw new IllegalStateException("broken " + source);
        };
        final long claimed = ring.tryClaim();

        final IllegalStateException thrown = assertThrows(IllegalStateException.class,
            () -> ring.write(claimed, TYPE_FACT, VERSION, 5, 3, broken, "x"));

        assertEquals("broken x", thrown.getMessage());
        final RecordView record = view.wrap(ring.slot(claimed).buffer, 0);
        assertEquals(RecordDescriptor.TYPE_ENCODE_FAILED, record.messageType());
        assertEquals(RecordDescriptor.HEADER_LENGTH, record.frameLength());
        assertEquals(5, record.correlationId());
        assertEquals(3, record.causationId());
        assertEquals(claimed, ring.highestPublished(0), "the claimed slot was published all the same");
    }

    @Test
    void shouldRefuseAPayloadLongerThanTheSlot()
    {
        final PayloadEncoder<String> tooLong = (source, buffer, offset, maxLength) -> maxLength + 1;
        final long claimed = ring.tryClaim();

        final IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
            () -> ring.write(claimed, TYPE_FACT, VERSION, 1, -1, tooLong, "y"));

        assertTrue(thrown.getMessage().startsWith("invalid payloadLength=81"), thrown.getMessage());
        assertEquals(RecordDescriptor.TYPE_ENCODE_FAILED, view.wrap(ring.slot(claimed).buffer, 0).messageType());
    }

    @Test
    void shouldSeeOnlyTheGapFreePublishedPrefixWithSeveralProducers()
    {
        final long first = ring.tryClaim();
        final long second = ring.tryClaim();
        ring.write(second, TYPE_FACT, VERSION, 2, -1, LONG, new MutableLong(2));

        assertEquals(first - 1, ring.highestPublished(first), "the second is published, the first is not yet");

        ring.write(first, TYPE_FACT, VERSION, 1, -1, LONG, new MutableLong(1));
        assertEquals(second, ring.highestPublished(first));
    }

    @Test
    void shouldStampAnOverflowFrameWithItsSequenceAndKeepItsEmitTimeAsPublishTime()
    {
        final MutableDirectBuffer frame = new UnsafeBuffer(new byte[128]);
        final long before = System.nanoTime();
        final int length = ring.encodeFrame(frame, TYPE_DERIVED, VERSION, 9, 4, LONG, new MutableLong(5));
        final long emitNanos = view.wrap(frame, 0).sequence();
        assertTrue(emitNanos >= before, "the sequence field holds the emit time until the frame gets a slot");

        final long claimed = ring.tryClaim();
        ring.writeFrame(claimed, frame, 0, length);

        final RecordView record = view.wrap(ring.slot(claimed).buffer, 0);
        assertEquals(BASE + claimed, record.sequence());
        assertEquals(TYPE_DERIVED, record.messageType());
        assertEquals(9, record.correlationId());
        assertEquals(4, record.causationId());
        assertEquals(5, payload(record));
        assertEquals(emitNanos, ring.slot(claimed).publishNanos);
    }

    @Test
    void shouldRefuseAClaimWhenEverySlotIsInUse()
    {
        final Tail tail = new Tail(ring);
        for (int i = 0; i < 4; i++)
        {
            assertEquals(i, ring.tryClaim());
        }
        assertEquals(-1, ring.tryClaim());
        assertFalse(ring.hasCapacity());

        tail.sequence.set(0);
        assertTrue(ring.hasCapacity());
        assertEquals(4, ring.tryClaim());
    }
}
