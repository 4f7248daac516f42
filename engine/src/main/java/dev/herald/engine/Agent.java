package dev.herald.engine;

import com.lmax.disruptor.Sequence;

/**
 * One stage as a {@link Runner} drives it: a duty cycle that never blocks, so several stages can share a thread.
 */
interface Agent
{
    String name();

    /** The ring sequence of the last message this stage finished. */
    Sequence sequence();

    void onStart();

    /** @return work done: messages handled, overflow frames moved, or 1 for other progress; 0 when idle. */
    int doWork();

    /** After every duty cycle of the runner, with the time it ended. */
    void onCycleEnd(long nowNs);

    /** @return whether a {@link #doWork()} now would do something; the last check before parking. */
    boolean hasWork();

    /** @return the longest the thread may park before this stage needs a look (idle tick, interval flush). */
    long parkCapNs();

    void onShutdown();

    /** @return whether this stage holds nothing back from a clean close: no overflow, no catch-up, no idle work. */
    boolean isQuiet();

    StageMetrics metrics(long base, long cursor);
}
