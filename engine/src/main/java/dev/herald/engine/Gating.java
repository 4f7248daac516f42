package dev.herald.engine;

/**
 * When consumer stages may see a fact relative to the journal stage.
 */
public enum Gating
{
    /**
     * Consumers see a fact only once the journal reports it durable under its {@code DurabilityPolicy}, so no
     * consumer acts on a fact that a crash could erase. The default.
     */
    DURABLE,

    /**
     * Consumers run beside the journal stage (LMAX style): lowest latency, but a side effect may precede the
     * durability of the fact that caused it.
     */
    BESIDE_JOURNAL
}
