package dev.herald.engine;

import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;
import dev.herald.journal.RecordView;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.MutableLong;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

final class TestSupport
{
    static final int TYPE_FACT = 1;
    static final int TYPE_DERIVED = 2;
    static final short VERSION = 1;
    static final PayloadEncoder<MutableLong> LONG = new LongEncoder();
    static final int SCALE = Integer.getInteger("herald.test.scale", 1);

    private TestSupport()
    {
    }

    static Journal.Context journal(final Path directory)
    {
        return new Journal.Context().directory(directory).segmentLength(1 << 20)
            .durability(DurabilityPolicy.PAGE_CACHE);
    }

    /**
     * The context most tests run with: a thread per stage, so a handler a test holds up holds up only its own
     * stage. Tests of the other layouts set theirs.
     */
    static Engine.Context context(final Path directory, final Failures failures)
    {
        return new Engine.Context()
            .threadLayout(ThreadLayout.DEDICATED)
            .ringSize(64)
            .maxMessageLength(256)
            .journal(journal(directory))
            .errorListener(failures)
            .closeTimeoutNs(20_000_000_000L);
    }

    static List<Fact> readJournal(final Path directory)
    {
        final List<Fact> facts = new ArrayList<>();
        try (JournalReader reader = Journal.openReader(directory))
        {
            reader.replay(0, Long.MAX_VALUE, (record) -> facts.add(Fact.of(record, false)));
        }
        return facts;
    }

    static long payload(final RecordView view)
    {
        return view.payloadLength() >= Long.BYTES ? view.buffer().getLong(view.payloadOffset(), LITTLE_ENDIAN) : -1;
    }

    record Fact(long sequence, int type, long correlationId, long causationId, long value, boolean replay)
    {
        static Fact of(final RecordView view, final boolean replay)
        {
            return new Fact(view.sequence(), view.messageType(), view.correlationId(), view.causationId(),
                payload(view), replay);
        }
    }

    /** Records every message it sees; read the list after close() (which joins the stage threads). */
    static class Recording implements MessageHandler
    {
        final List<Fact> facts = Collections.synchronizedList(new ArrayList<>());
        volatile boolean started;
        volatile boolean shutdown;

        @Override
        public void onMessage(final RecordView message, final Emitter emitter) throws Exception
        {
            facts.add(Fact.of(message, emitter.isReplay()));
        }

        @Override
        public void onStart()
        {
            started = true;
        }

        @Override
        public void onShutdown()
        {
            shutdown = true;
        }

        List<Long> sequences()
        {
            synchronized (facts)
            {
                final List<Long> sequences = new ArrayList<>(facts.size());
                for (final Fact fact : facts)
                {
                    sequences.add(fact.sequence());
                }
                return sequences;
            }
        }
    }

    /** Emits a derived fact for every original fact it sees. */
    static class Deriving extends Recording
    {
        private final MutableLong value = new MutableLong();

        @Override
        public void onMessage(final RecordView message, final Emitter emitter) throws Exception
        {
            super.onMessage(message, emitter);
            if (message.messageType() == TYPE_FACT)
            {
                value.set(payload(message));
                emitter.emit(TYPE_DERIVED, VERSION, LONG, value);
            }
        }
    }

    static final class Failures implements ErrorListener
    {
        final List<String> stages = new CopyOnWriteArrayList<>();
        final List<Long> sequences = new CopyOnWriteArrayList<>();
        final List<Throwable> throwables = new CopyOnWriteArrayList<>();

        @Override
        public void onError(final String stageName, final long sequence, final Throwable throwable)
        {
            stages.add(stageName);
            sequences.add(sequence);
            throwables.add(throwable);
        }
    }

    /**
     * Drives the duty cycle of an engine launched with {@link ThreadLayout#INVOKER} on a thread of the test's own, as
     * an application's loop would; does nothing for the other layouts. Close it before closing the engine, which
     * then drives what is left itself.
     */
    static final class InvokerDriver implements AutoCloseable
    {
        private final Thread thread;
        private volatile boolean stop;

        InvokerDriver(final Engine engine)
        {
            final org.agrona.concurrent.AgentInvoker invoker = engine.invoker();
            thread = invoker == null ? null : new Thread(() ->
            {
                while (!stop)
                {
                    if (invoker.invoke() == 0)
                    {
                        Thread.yield();
                    }
                }
            }, "test-invoker");
            if (thread != null)
            {
                thread.start();
            }
        }

        @Override
        public void close()
        {
            stop = true;
            if (thread != null)
            {
                try
                {
                    thread.join();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ex);
                }
            }
        }
    }

    static List<Long> range(final long from, final long toExclusive)
    {
        final List<Long> list = new ArrayList<>();
        for (long i = from; i < toExclusive; i++)
        {
            list.add(i);
        }
        return list;
    }

    static final class LongEncoder implements PayloadEncoder<MutableLong>
    {
        @Override
        public void validate(final MutableLong source)
        {
            if (source.get() < 0)
            {
                throw new IllegalArgumentException("invalid value=" + source.get() + ", must be >= 0");
            }
        }

        @Override
        public int encode(
            final MutableLong source, final MutableDirectBuffer buffer, final int offset, final int maxLength)
        {
            buffer.putLong(offset, source.get(), LITTLE_ENDIAN);
            return Long.BYTES;
        }
    }
}
