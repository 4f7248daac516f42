package dev.herald.bench;

import dev.herald.journal.DurabilityPolicy;
import dev.herald.journal.Journal;
import dev.herald.journal.JournalWriter;
import org.agrona.DirectBuffer;

import java.nio.file.Path;

/**
 * The journal as the alternatives to Herald write it: the same writer, the same policy, in a temp directory deleted
 * on close, so every fan-out pays for the same journal append. The policy is the page cache unless the system
 * property {@value #DURABILITY_PROP_NAME} names another ({@code per-batch}: the latency harness's
 * {@code --durability}), for Herald's fan-outs and the alternatives alike.
 *
 * <p>Threading: one thread at a time appends (its owner hands it over by starting that thread).
 */
final class JournalSink implements AutoCloseable
{
    /** Segment length for fan-out journals. */
    static final int SEGMENT_LENGTH = 64 * 1024 * 1024;
    /** System property naming the durability policy of every fan-out journal. */
    static final String DURABILITY_PROP_NAME = "herald.bench.durability";

    private final Path dir;
    private final JournalWriter writer;
    private final Reactions reactions;

    JournalSink(final String name, final Reactions reactions)
    {
        this.dir = TempDirectory.create(name);
        this.writer = Journal.openWriter(context(dir));
        this.reactions = reactions;
    }

    static Journal.Context context(final Path dir)
    {
        return new Journal.Context()
            .directory(dir)
            .segmentLength(SEGMENT_LENGTH)
            .durability(durability());
    }

    /** @return the policy every fan-out journal uses in this JVM. */
    static DurabilityPolicy durability()
    {
        return DurabilityPolicy.parse(System.getProperty(DURABILITY_PROP_NAME, "page-cache"));
    }

    void append(final DirectBuffer frame, final int offset, final int length)
    {
        writer.append(frame, offset, length);
        reactions.journaled();
    }

    void endOfBatch()
    {
        writer.endOfBatch();
    }

    @Override
    public void close()
    {
        writer.close();
        TempDirectory.delete(dir);
    }
}
