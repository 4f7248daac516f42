package dev.herald.engine;

import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;
import dev.herald.journal.RecordView;
import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.herald.engine.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** A fact published with its source position carries it into the journal, unseen by the payload. */
class EngineSourcePositionTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void shouldJournalTheSourcePositionBesideAnUnchangedPayload()
    {
        final List<long[]> live = new ArrayList<>();
        final Engine engine = Engine.launch(context(dir, new Failures())
            .stage(Stage.named("a").handler((message, emitter) -> live.add(new long[] {
                message.payloadLength(), payload(message), message.sourcePartition(), message.sourceOffset() }))));
        engine.publish(TYPE_FACT, VERSION, 1, LONG, new MutableLong(41), 1, TimeUnit.SECONDS);
        engine.publish(TYPE_FACT, VERSION, 2, LONG, new MutableLong(42), 3, 1_000_000_007L, 1, TimeUnit.SECONDS);
        final IllegalArgumentException partition = assertThrows(IllegalArgumentException.class, () ->
            engine.publish(TYPE_FACT, VERSION, 2, LONG, new MutableLong(42), -1, 5, 1, TimeUnit.SECONDS));
        assertEquals("invalid sourcePartition=-1, must be >= 0", partition.getMessage());
        final IllegalArgumentException offset = assertThrows(IllegalArgumentException.class, () ->
            engine.publish(TYPE_FACT, VERSION, 2, LONG, new MutableLong(42), 0, -5, 1, TimeUnit.SECONDS));
        assertEquals("invalid sourceOffset=-5, must be >= 0", offset.getMessage());
        engine.close();

        assertArrayEquals(new long[] { 8, 41, -1, -1 }, live.get(0));
        assertArrayEquals(new long[] { 8, 42, 3, 1_000_000_007L }, live.get(1));
        assertEquals(2, live.size(), "nothing entered the ring for the refused publishes");

        final List<long[]> journaled = new ArrayList<>();
        try (JournalReader reader = Journal.openReader(dir))
        {
            reader.replay(0, Long.MAX_VALUE, (RecordView record) -> journaled.add(new long[] {
                record.payloadLength(), payload(record), record.sourcePartition(), record.sourceOffset(),
                record.frameLength(), record.flags() }));
        }
        assertArrayEquals(new long[] { 8, 41, -1, -1, 56, 0 }, journaled.get(0));
        assertArrayEquals(new long[] { 8, 42, 3, 1_000_000_007L, 72, 1 }, journaled.get(1));
    }
}
