package dev.herald.engine;

import dev.herald.journal.FaultyStorage;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalException;
import dev.herald.journal.JournalFullException;
import dev.herald.journal.JournalWriter;
import dev.herald.journal.VerifyReport;
import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.herald.engine.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A journal that cannot write (here a disk that fills) is an answer, not a hang: the engine refuses new facts at once,
 * stages finish what is durable, close returns promptly naming the failure, and the journal is intact.
 */
class EngineJournalFailureTest
{
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = ThreadLayout.class, names = { "DEDICATED", "SHARED", "SHARED_STAGES" })
    @Timeout(30)
    void shouldRefuseFactsFinishWhatIsDurableAndCloseAtOnceWhenTheDiskFills(final ThreadLayout layout)
    {
        final FaultyStorage storage = new FaultyStorage();
        final Failures failures = new Failures();
        final Recording recording = new Recording();
        final Engine engine = Engine.launch(context(dir, failures)
            .threadLayout(layout)
            .journal(journal(dir).storage(storage))
            .stage(Stage.named("r").handler(recording)));
        final MutableLong value = new MutableLong();
        for (int i = 0; i < 100; i++)
        {
            value.set(i);
            assertTrue(0 <= engine.publish(TYPE_FACT, VERSION, i, LONG, value, 10, TimeUnit.SECONDS));
        }
        while (engine.durableSequence() < 99)
        {
            Thread.onSpinWait();
        }

        storage.writeBudget(1000);
        JournalException refused = null;
        for (int i = 100; refused == null; i++)
        {
            value.set(i);
            try
            {
                engine.publish(TYPE_FACT, VERSION, i, LONG, value, 10, TimeUnit.SECONDS);
            }
            catch (final JournalException ex)
            {
                refused = ex;
            }
        }

        assertInstanceOf(JournalFullException.class, refused);
        assertSame(refused, engine.journalFailure());
        assertTrue(refused.getMessage().startsWith("journal " + dir + ": no space left on device (needs "),
            refused.getMessage());
        assertEquals(Engine.JOURNAL_FAILED, engine.tryPublish(TYPE_FACT, VERSION, 1, LONG, new MutableLong(1)));
        assertEquals(JournalAgent.NAME, failures.stages.get(0));

        final long start = System.nanoTime();
        final EngineCloseException closed = assertThrows(EngineCloseException.class, engine::close);
        final long closeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(closeMs < 5_000, "close took " + closeMs + " ms");
        assertSame(refused, closed.getCause());
        assertTrue(closed.getMessage().startsWith(refused.getMessage() + "; "), closed.getMessage());
        assertTrue(closed.getMessage().endsWith(" were not journaled"), closed.getMessage());

        final long durable = engine.durableSequence();
        assertTrue(durable >= 99);
        assertEquals(range(0, durable + 1), recording.sequences(), "the stage handled exactly what was durable");
        assertTrue(recording.shutdown);

        final VerifyReport report = Journal.verify(dir);
        assertTrue(report.isIntact(), report::toString);
        assertTrue(report.lastSequence() >= durable);
        try (JournalWriter reopened = Journal.openWriter(journal(dir)))
        {
            assertEquals(report.lastSequence() + 1, reopened.nextSequence());
        }
    }
}
