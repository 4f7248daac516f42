package dev.herald.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The source position after the payload: read when flagged, left out of the payload, never trusted past the frame. */
class RecordViewTest
{
    @Test
    void shouldReadASourcePositionAndLeaveItOutOfThePayload()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final int frameLength = RecordDescriptor.HEADER_LENGTH + 8 + RecordDescriptor.SOURCE_POSITION_LENGTH;
        RecordDescriptor.putHeader(buffer, 0, frameLength, 5, 0, 1, (short)1, RecordDescriptor.FLAG_SOURCE_POSITION,
            7, RecordDescriptor.NO_CAUSATION);
        RecordDescriptor.putSourcePosition(buffer, 0, frameLength, 3, 123_456_789_012L);
        final RecordView view = new RecordView().wrap(buffer, 0);

        assertTrue(view.hasSourcePosition());
        assertEquals(8, view.payloadLength());
        assertEquals(3, view.sourcePartition());
        assertEquals(123_456_789_012L, view.sourceOffset());
    }

    @Test
    void shouldReadAFlaggedFrameTooShortForAPositionAsHavingNone()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final int frameLength = RecordDescriptor.HEADER_LENGTH + 8;
        RecordDescriptor.putHeader(buffer, 0, frameLength, 5, 0, 1, (short)1, RecordDescriptor.FLAG_SOURCE_POSITION,
            7, RecordDescriptor.NO_CAUSATION);
        final RecordView view = new RecordView().wrap(buffer, 0);

        assertFalse(view.hasSourcePosition());
        assertEquals(8, view.payloadLength(), "never negative, never short of the frame");
        assertEquals(-1, view.sourcePartition());
        assertEquals(-1, view.sourceOffset());
    }
}
