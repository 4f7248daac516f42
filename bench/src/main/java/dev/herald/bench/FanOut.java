package dev.herald.bench;

/**
 * One way of carrying a fact from a publisher to a journal and to every reaction: Herald, or an alternative a
 * team would otherwise write or pick. The benchmarks and the latency harness drive them all through this.
 *
 * <p>Threading: {@link #publish}, {@link #poll} and {@link #awaitDrained} are called by one publishing thread.
 */
public interface FanOut extends AutoCloseable
{
    /**
     * Publish one fact, waiting for room if the fan-out is full (backpressure), never dropping it.
     *
     * @param id           event id, also the correlation id; the latency harness uses it as an index.
     * @param publishNanos System.nanoTime at publish.
     */
    void publish(long id, long publishNanos);

    /** Wait until everything published so far is journaled and handled by every reaction. */
    void awaitDrained();

    /**
     * Called by the publishing thread after a publish and while it waits for the next scheduled one: a fan-out with
     * no threads of its own (Herald's invoker layout) does its work here. Others do nothing.
     */
    default void poll()
    {
    }

    /** @return the reactions, with their progress. */
    Reactions reactions();

    /** Stop threads, close the journal and delete its directory. */
    @Override
    void close();
}
