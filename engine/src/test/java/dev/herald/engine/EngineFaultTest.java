package dev.herald.engine;

import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;
import dev.herald.journal.RecordDescriptor;
import dev.herald.journal.RecordView;
import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.herald.engine.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class EngineFaultTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void shouldIsolateAThrowingHandlerAndJournalItsFailure()
    {
        final Failures failures = new Failures();
        final Recording good = new Recording();
        final Recording bad = new Recording()
        {
            @Override
            public void onMessage(final RecordView message, final Emitter emitter) throws Exception
            {
                super.onMessage(message, emitter);
                if (message.messageType() == TYPE_FACT && payload(message) == 7)
                {
                    throw new IllegalStateException("boom \u00e9 7");
                }
            }
        };
        final Engine engine = Engine.launch(context(dir, failures)
            .stage(Stage.named("bad").handler(bad))
            .stage(Stage.named("good").handler(good))
            .stage(Stage.named("after-bad").handler(new Recording()).after("bad")));
        final MutableLong value = new MutableLong();
        for (int i = 0; i < 20; i++)
        {
            value.set(i);
            assertTrue(0 <= engine.tryPublish(TYPE_FACT, VERSION, 100 + i, LONG, value));
        }
        engine.close();

        assertEquals(List.of("bad"), failures.stages);
        assertEquals(List.of(7L), failures.sequences);
        assertEquals("boom \u00e9 7", failures.throwables.get(0).getMessage());
        assertEquals(1, engine.metrics().stage("bad").errors());
        assertEquals(0, engine.metrics().stage("good").errors());
        assertEquals(21, good.facts.size());
        assertEquals(21, bad.facts.size());
        assertEquals(21, engine.metrics().stage("after-bad").processed());

        final List<String> failureFacts = new ArrayList<>();
        try (JournalReader reader = Journal.openReader(dir))
        {
            reader.replay(0, Long.MAX_VALUE, (record) ->
            {
                if (record.messageType() == RecordDescriptor.TYPE_HANDLER_FAILED)
                {
                    failureFacts.add(record.correlationId() + "/" + record.causationId() + "/" +
                        record.schemaVersion() + "/" + HandlerFailure.stageName(record) + "/" +
                        HandlerFailure.exceptionClass(record) + "/" + HandlerFailure.message(record));
                }
                return true;
            });
        }
        assertEquals(List.of("107/7/1/bad/java.lang.IllegalStateException/boom \u00e9 7"), failureFacts);
    }

    @Test
    @Timeout(30)
    void shouldRetryBeforeGivingUp()
    {
        final Failures failures = new Failures();
        final AtomicInteger attempts = new AtomicInteger();
        final MessageHandler flaky = (message, emitter) ->
        {
            if (payload(message) == 3 && attempts.incrementAndGet() < 3)
            {
                throw new IllegalStateException("transient");
            }
        };
        final MessageHandler hopeless = (message, emitter) ->
        {
            if (message.messageType() == TYPE_FACT && payload(message) == 4)
            {
                throw new IllegalStateException("permanent");
            }
        };
        final Engine engine = Engine.launch(context(dir, failures)
            .stage(Stage.named("flaky").handler(flaky).retries(2))
            .stage(Stage.named("hopeless").handler(hopeless).retries(1)));
        for (int i = 0; i < 6; i++)
        {
            assertTrue(0 <= engine.tryPublish(TYPE_FACT, VERSION, i, LONG, new MutableLong(i)));
        }
        engine.close();

        assertEquals(3, attempts.get());
        assertEquals(0, engine.metrics().stage("flaky").errors());
        assertEquals(1, engine.metrics().stage("hopeless").errors());
        assertEquals(List.of("hopeless"), failures.stages);
        assertEquals(7, readJournal(dir).size());
    }

    @Test
    @Timeout(30)
    void shouldSwallowAndCountAThrowingErrorListener()
    {
        final Recording after = new Recording();
        final Engine engine = Engine.launch(context(dir, new Failures())
            .errorListener((stage, sequence, throwable) ->
            {
                throw new IllegalStateException("listener broke");
            })
            .stage(Stage.named("thrower").handler((message, emitter) ->
            {
                if (message.messageType() == TYPE_FACT)
                {
                    throw new IllegalArgumentException("always");
                }
            }))
            .stage(Stage.named("after").handler(after).after("thrower")));
        for (int i = 0; i < 3; i++)
        {
            assertTrue(0 <= engine.tryPublish(TYPE_FACT, VERSION, i, LONG, new MutableLong(i)));
        }
        engine.close();

        assertEquals(3, engine.metrics().listenerErrors());
        assertEquals(3, engine.metrics().stage("thrower").errors());
        assertEquals(6, after.facts.size());
    }

    @Test
    @Timeout(30)
    void shouldNotJournalAFailureCausedByAFailureFact()
    {
        final Failures failures = new Failures();
        final Engine engine = Engine.launch(context(dir, failures)
            .stage(Stage.named("always").handler((message, emitter) ->
            {
                throw new IllegalStateException("type " + message.messageType());
            })));
        assertTrue(0 <= engine.tryPublish(TYPE_FACT, VERSION, 1, LONG, new MutableLong(1)));
        engine.close();

        assertEquals(2, failures.stages.size());
        assertEquals(List.of(TYPE_FACT, RecordDescriptor.TYPE_HANDLER_FAILED),
            readJournal(dir).stream().map(Fact::type).toList());
    }
}
