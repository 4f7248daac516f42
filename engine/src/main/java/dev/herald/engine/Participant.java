package dev.herald.engine;

import com.lmax.disruptor.Sequence;
import org.agrona.concurrent.Agent;

/**
 * One participant of the ring, the journal stage or a consumer stage, as an Agrona {@link Agent}: a duty cycle
 * ({@link Agent#doWork()}) that never blocks and handles a bounded batch, so several participants can share a
 * thread ({@link AgentGroup}) or be driven by the application's own loop. Failures inside are isolated by the
 * participant itself; {@code doWork} throws only {@code Error}s.
 *
 * <p>Threading: the {@code Agent} methods run on the participant's thread; the others may be called from any
 * thread.
 */
interface Participant extends Agent
{
    /** @return the ring sequence of the last message this participant finished; the tail follows it. */
    Sequence sequence();

    /** @return whether a duty cycle now would do something: the last check before its thread parks. */
    boolean hasWork();

    /** @return the longest its thread may park before this participant needs a look (idle tick, interval flush). */
    long parkCapNs();

    /** @return whether it holds nothing back from a clean close: no overflow, no catch-up, no idle work running. */
    boolean isQuiet();

    /**
     * @param base   journal sequence of ring sequence 0.
     * @param cursor the ring cursor.
     * @return a snapshot of its counters.
     */
    StageMetrics metrics(long base, long cursor);
}
